import { z } from 'zod'
import { ApiServerSettings } from './api-server'

export const LocalePreference = z.enum(['system', 'en', 'ko'])
export const ThemePreference = z.enum(['system', 'light', 'dark'])

/** What the user chooses in Settings. Window geometry is kept by main apart from this (it is not a choice). */
export const Settings = z.object({
  locale: LocalePreference,
  theme: ThemePreference,
  /** Sent to Hugging Face (never to its download CDN); HF_TOKEN is used when this is empty. */
  huggingFaceToken: z.string().optional(),
  /** Where GGUF files live when not in the data folder's models/; changed through `library:move`. */
  modelsFolder: z.string().optional(),
  /** The OpenAI-compatible API server (see api-server.ts); absent means its defaults. */
  apiServer: ApiServerSettings.partial().optional()
})
export type Settings = z.infer<typeof Settings>

export const defaultSettings: Settings = { locale: 'system', theme: 'system' }

export const settingsRequests = {
  'settings:get': { args: z.object({}).strict(), result: Settings },
  'settings:update': { args: Settings.partial().strict(), result: Settings }
} as const

export const settingsEvents = {
  'settings:changed': Settings
} as const
