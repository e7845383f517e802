import { z } from 'zod'
import { contextLimits } from './engine-plain'
import { ApiServerSettings } from './api-server'
import { CustomMachine } from './hardware-profiles'
import { wholeNumber } from './whole-number'

export const LocalePreference = z.enum(['system', 'en', 'ko'])
export const ThemePreference = z.enum(['system', 'light', 'dark'])

/** The limits the window's fields, the CLI's `config set` and the backend all check against. */
export const engineSettingLimits = {
  contextTokens: contextLimits,
  gpuLayers: { min: 0, max: 1000 },
  threads: { min: 1, max: 256 }
} as const

/** A Hugging Face mirror: a web address ("https://hf-mirror.com"); empty means HF_ENDPOINT, else huggingface.co. */
export const HuggingFaceEndpoint = z
  .string()
  .trim()
  .refine((value) => value === '' || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(value), {
    message: 'The Hugging Face address must be a web address starting with https:// or http://, such as https://hf-mirror.com.'
  })
  .transform((value) => value.replace(/\/+$/, ''))

/** "http://proxy:8080" or "https://user:pass@proxy:3128": a scheme, an optional user:pass@, a host and a port. */
const proxyPattern = /^https?:\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?:\[[0-9a-fA-F:.]+\]|[^\s:@/[\]]+):(\d{1,5})\/?$/

/** An HTTP(S) proxy for every Hugging Face request; empty means HTTPS_PROXY / HTTP_PROXY with NO_PROXY, else none. */
export const ProxyUrl = z
  .string()
  .trim()
  .refine((value) => value === '' || (proxyPattern.test(value) && Number(proxyPattern.exec(value)?.[1]) >= 1 && Number(proxyPattern.exec(value)?.[1]) <= 65_535), {
    message: 'The proxy must be http:// or https://, a host and a port, such as http://proxy.example.com:8080 (with user:password@ before the host if it needs them).'
  })
  .transform((value) => value.replace(/\/$/, ''))

/** A proxy address as it may be shown or logged: its password never, "http://user:…@proxy:8080". */
export function redactProxy(url: string): string {
  return url.replace(/^(https?:\/\/[^\s:@/]+):[^\s@/]*@/, '$1:…@')
}

const autoOr = (name: string, limits: { min: number; max: number }) => z.union([z.literal('auto'), wholeNumber(name, limits)], { message: `${name} must be "auto" or a whole number from ${limits.min} to ${limits.max}.` })

/** What the user chooses in Settings. Window geometry is kept by main apart from this (it is not a choice). */
export const Settings = z.object({
  locale: LocalePreference,
  theme: ThemePreference,
  /** The sidebar as the user left it, names shown or icons only. */
  sidebar: z.enum(['expanded', 'collapsed']),
  /** Sent to Hugging Face (never to its download CDN), by the catalog and downloads; HF_TOKEN is used when this is empty. */
  huggingFaceToken: z.string().trim().optional(),
  huggingFaceEndpoint: HuggingFaceEndpoint.optional(),
  /** Used for the catalog, downloads and the mirror test alike (see ProxyUrl); its password is never logged or shown. */
  proxy: ProxyUrl.optional(),
  /** Where GGUF files live when not in the data folder's models/; changed through `library:move`. */
  modelsFolder: z.string().optional(),
  /** How a model loads when the load does not say: context, layers on the GPU, llama.cpp threads, KV cache precision. */
  contextTokens: wholeNumber('The context', engineSettingLimits.contextTokens),
  /** "auto": as many as the fit advisor says fit. */
  gpuLayers: autoOr('GPU layers', engineSettingLimits.gpuLayers),
  /** "auto": the count that decoded fastest when this model first loaded on this machine (see thread-calibration.ts). */
  threads: autoOr('Threads', engineSettingLimits.threads),
  /** q8_0 halves the KV cache's memory at a small cost in quality. */
  kvCacheType: z.enum(['f16', 'q8_0']),
  /** The machine described on the Models page ("What if" → My machine, `fit --hardware custom`); absent until then. */
  customMachine: CustomMachine.optional(),
  /**
   * "Speed up with a draft model": "auto" lets a much smaller installed model of the same family (EXAONE 4.0 1.2B
   * for 4.0 32B) draft tokens, where both fit; answers stay the same. Off unless chosen.
   */
  draftModel: z.enum(['off', 'auto']),
  /** The OpenAI-compatible API server (see api-server.ts); absent means its defaults. */
  apiServer: ApiServerSettings.partial().optional()
})
export type Settings = z.infer<typeof Settings>


/** What `settings:test-endpoint` found: the address answered as Hugging Face does, in this many milliseconds. */
export const EndpointCheck = z.object({ endpoint: z.string(), ms: z.number() })
export type EndpointCheck = z.infer<typeof EndpointCheck>

export const settingsRequests = {
  'settings:get': { args: z.object({}).strict(), result: Settings },
  'settings:update': { args: Settings.partial().strict(), result: Settings },
  /** Asks the address (or, empty, the one in use) for an EXAONE repository, with the token in use. */
  'settings:test-endpoint': { args: z.object({ endpoint: HuggingFaceEndpoint }).strict(), result: EndpointCheck }
} as const

export const settingsEvents = {
  'settings:changed': Settings
} as const
