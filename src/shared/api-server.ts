/**
 * The OpenAI-compatible API server's part of the contract: its settings (one nested key in settings.json), its
 * status, its request log, and the requests the Settings page sends.
 */
import { z } from 'zod'

/**
 * A port none of the usual local servers take (LM Studio 1234, Jan 1337, vLLM 8000, llama-server 8080,
 * Ollama 11434): 4558 is "EX" in ASCII hex.
 */
export const defaultApiPort = 4558
export const loopbackHost = '127.0.0.1'

/**
 * Where thoughts go in answers: `reasoning_content` (llama-server, SGLang), also `reasoning` (vLLM, Ollama), or
 * inline in the content as `<think>…</think>` for clients that read neither.
 */
export const ReasoningField = z.enum(['reasoning_content', 'both', 'inline'])
export type ReasoningField = z.infer<typeof ReasoningField>

/** http(s)://host[:port], as a browser sends it in `Origin`. */
export const Origin = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^/\s?#]+$/, 'An origin is a scheme and host, such as http://localhost:3000, with no path.')

export const ApiServerSettings = z.object({
  /** Off until the user turns it on. */
  enabled: z.boolean(),
  port: z.number().int().min(1024).max(65_535),
  /** Serve on every network interface, not only this machine's loopback; needs an API key. */
  localNetwork: z.boolean(),
  /** "sha256:<hex>" of the API key; the key itself is shown once and never stored. */
  keyHash: z.string().max(200).nullable(),
  /** The key's last characters, so the user can tell which key is set. */
  keyHint: z.string().max(20).nullable(),
  /** Web pages allowed to call the API from a browser (CORS); none by default. */
  allowedOrigins: z.array(Origin).max(50),
  /** Unload a model the API loaded after this many idle minutes; 0 keeps it. */
  idleUnloadMinutes: z.number().int().min(0).max(1440),
  reasoningField: ReasoningField
})
export type ApiServerSettings = z.infer<typeof ApiServerSettings>

export const defaultApiServerSettings: ApiServerSettings = {
  enabled: false,
  port: defaultApiPort,
  localNetwork: false,
  keyHash: null,
  keyHint: null,
  allowedOrigins: [],
  idleUnloadMinutes: 15,
  reasoningField: 'reasoning_content'
}

/** The stored settings over the defaults: a settings.json from an older version may lack newer fields. */
export function apiServerSettings(stored: Partial<ApiServerSettings> | undefined): ApiServerSettings {
  return { ...defaultApiServerSettings, ...stored }
}

/** What the Settings page may change directly; the key changes only through `api-server:generate-key`. */
export const ApiServerChange = ApiServerSettings.omit({ keyHash: true, keyHint: true }).partial().strict()
export type ApiServerChange = z.infer<typeof ApiServerChange>

export const ApiServerStatus = z.object({
  state: z.enum(['off', 'on', 'failed']),
  /** The base URL clients use (".../v1"), while on. */
  url: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  /** Why it is not on although enabled: the port is taken, no key for the local network. */
  problem: z.string().nullable(),
  /** Requests being answered or waiting now. */
  running: z.number().int().nonnegative(),
  hasKey: z.boolean(),
  keyHint: z.string().nullable()
})
export type ApiServerStatus = z.infer<typeof ApiServerStatus>

/** One request in the log: what, when and how it went, never the text of prompts or answers. */
export const RequestLogEntry = z.object({
  time: z.string(),
  method: z.string(),
  path: z.string(),
  model: z.string().nullable(),
  status: z.number().int(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  /** stop, length, tool_calls, aborted (the client left) or error. */
  finish: z.string().nullable(),
  ms: z.number()
})
export type RequestLogEntry = z.infer<typeof RequestLogEntry>

export const apiServerRequests = {
  'api-server:status': { args: z.object({}).strict(), result: ApiServerStatus },
  'api-server:configure': { args: ApiServerChange, result: ApiServerStatus },
  /** A new key, returned this once; the old one stops working. */
  'api-server:generate-key': { args: z.object({}).strict(), result: z.object({ key: z.string(), status: ApiServerStatus }) },
  'api-server:log': { args: z.object({}).strict(), result: z.object({ path: z.string(), entries: z.array(RequestLogEntry) }) }
} as const

export const apiServerEvents = {
  'api-server:status': ApiServerStatus,
  'api-server:request': RequestLogEntry
} as const
