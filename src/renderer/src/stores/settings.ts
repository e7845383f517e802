import { create } from 'zustand'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import type { Settings } from '../../../shared/settings'
import { preferencesOnPage } from '../../../shared/page-preferences'
import { defaultSettings } from '../../../shared/settings-plain'
import { call, on } from '../bridge'

interface SettingsState {
  settings: Settings
  loaded: boolean
  /** Reading the settings failed: the defaults are shown, and the Settings page says so with a retry. */
  error: AppErrorData | null
  reload(): Promise<void>
  /** Saves a change; a refused one rejects (the field that made it shows why) and changes nothing shown. */
  update(change: Partial<Settings>): Promise<void>
}

export const useSettings = create<SettingsState>()(() => ({
  // Until settings:get answers: the defaults, with the language, theme and sidebar the page's server wrote on it.
  settings: { ...defaultSettings, ...(typeof document === 'object' && preferencesOnPage(document.documentElement)) },
  loaded: false,
  error: null,
  async reload() {
    try {
      useSettings.setState({ settings: await call('settings:get', {}), loaded: true, error: null })
    } catch (error) {
      useSettings.setState({ error: toErrorData(error) })
    }
  },
  async update(change) {
    useSettings.setState({ settings: await call('settings:update', change) })
  }
}))

/** Loads the settings once and mirrors every change, whichever window or tab made it. */
export function startSettingsSync(): () => void {
  void useSettings.getState().reload()
  return on('settings:changed', (settings) => useSettings.setState({ settings, loaded: true, error: null }))
}
