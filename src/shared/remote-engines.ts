/**
 * Remote engines' part of the contract: OpenAI-compatible servers elsewhere (vLLM, SGLang, llama-server, Ollama, a
 * hosted API, or another EXAONE Desktop) that the window chats with as it does with the local llama.cpp engine.
 * Keys go in with `engines:add` / `engines:update` and never come back out: the window only learns `hasKey`.
 */
import { z } from 'zod'

/** Chosen by the backend when an engine is added; stable across renames. */
export const RemoteEngineId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'An engine id is lower-case letters, digits and dashes.')

/** http(s)://host[:port][/path]; "/v1" is added when there is no path (hosted APIs have their own, e.g. /openai/v1). */
export const RemoteBaseUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i, 'A server address starts with http:// or https:// and has no query, such as http://gpu-box:8000/v1.')

export const RemoteEngineInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    baseUrl: RemoteBaseUrl,
    /** Sent as `Authorization: Bearer …` to this engine's origin only; stored in the OS keychain. */
    apiKey: z.string().max(4000).optional(),
    /** Only this model of the server; all its models when omitted. */
    modelId: z.string().min(1).max(300).optional(),
    /** The user confirmed plain http to a host that is not this machine (keys and chats travel unencrypted). */
    allowInsecureHttp: z.boolean().optional()
  })
  .strict()
export type RemoteEngineInput = z.infer<typeof RemoteEngineInput>

/** A model the server lists, with the context length it reported (null when it reported none). */
export const RemoteModel = z.object({
  id: z.string(),
  contextLength: z.number().int().positive().nullable(),
  ownedBy: z.string().nullable()
})
export type RemoteModel = z.infer<typeof RemoteModel>

export const RemoteEngine = z.object({
  id: RemoteEngineId,
  name: z.string(),
  /** Normalised: no trailing slash; /v1 when the address had no path. */
  baseUrl: z.string(),
  modelId: z.string().nullable(),
  hasKey: z.boolean(),
  allowInsecureHttp: z.boolean(),
  /** What the last test found; empty until one succeeded. */
  models: z.array(RemoteModel),
  checkedAt: z.string().nullable()
})
export type RemoteEngine = z.infer<typeof RemoteEngine>

/** Which engine the chat uses: the local llama.cpp engine (whatever it has loaded) or a remote engine's model. */
export const EngineChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z.object({ kind: z.literal('remote'), engineId: RemoteEngineId, modelId: z.string().min(1).max(300) }).strict()
])
export type EngineChoice = z.infer<typeof EngineChoice>

export const RemoteEngines = z.object({ engines: z.array(RemoteEngine), active: EngineChoice })
export type RemoteEngines = z.infer<typeof RemoteEngines>

export const RemoteTestResult = z.object({ models: z.array(RemoteModel), ms: z.number() })
export type RemoteTestResult = z.infer<typeof RemoteTestResult>

/**
 * A remote engine answered 429 or 503 with a short Retry-After, so the backend waits and asks again by itself:
 * the window can say so under the pending answer (`requestId` is the chat's). Longer waits fail as `remote-busy`.
 */
export const RemoteRetry = z.object({
  requestId: z.string(),
  engineId: RemoteEngineId,
  engineName: z.string(),
  /** HTTP status the server answered: 429 (too many requests) or 503 (unavailable). */
  status: z.number().int(),
  /** How long the backend waits before the next try. */
  retryAfterSeconds: z.number().nonnegative(),
  /** 1 for the first retry. */
  attempt: z.number().int().positive(),
  maxAttempts: z.number().int().positive()
})
export type RemoteRetry = z.infer<typeof RemoteRetry>

const engineRef = { engineId: RemoteEngineId }

/** What `engines:update` takes: the fields that change, the others kept. */
export const RemoteEngineChange = RemoteEngineInput.partial()
  .extend({ ...engineRef, modelId: RemoteEngineInput.shape.modelId.unwrap().nullable().optional() })
  .strict()
export type RemoteEngineChange = z.infer<typeof RemoteEngineChange>

export const remoteEngineRequests = {
  'engines:list': { args: z.object({}).strict(), result: RemoteEngines },
  /** Tests without saving; `engineId` reuses a saved engine's key when the input has none. */
  'engines:test': { args: RemoteEngineInput.extend({ engineId: RemoteEngineId.optional() }).strict(), result: RemoteTestResult },
  /** Tests, then saves: an engine that cannot be reached is not added (the error says why and what to do). */
  'engines:add': { args: RemoteEngineInput, result: RemoteEngine },
  /** apiKey "" removes the saved key and modelId null the limit to one model; omitted, either is kept. */
  'engines:update': { args: RemoteEngineChange, result: RemoteEngine },
  'engines:remove': { args: z.object(engineRef).strict(), result: z.object({ removed: z.boolean() }) },
  'engines:use': { args: EngineChoice, result: RemoteEngines }
} as const

export const remoteEngineEvents = {
  'engines:changed': RemoteEngines,
  'engines:retrying': RemoteRetry
} as const
