/** The settings a new install starts with, apart from settings.ts's schemas so that the window loads it without zod. */
import { defaultContextTokens } from './engine-plain'
import type { Settings } from './settings'

export const defaultSettings: Settings = { locale: 'system', theme: 'system', sidebar: 'expanded', contextTokens: defaultContextTokens, gpuLayers: 'auto', threads: 'auto', kvCacheType: 'f16', draftModel: 'off' }
