import { z } from 'zod'

export const LocalePreference = z.enum(['system', 'en', 'ko'])
export const ThemePreference = z.enum(['system', 'light', 'dark'])

/** What the user chooses in Settings. Window geometry is kept by main apart from this (it is not a choice). */
export const Settings = z.object({
  locale: LocalePreference,
  theme: ThemePreference
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
