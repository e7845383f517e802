import { create } from 'zustand'
import { defaultSettings, type Settings } from '../../../shared/settings'
import { call, on } from '../bridge'

interface SettingsState {
  settings: Settings
  loaded: boolean
  update(change: Partial<Settings>): Promise<void>
}

export const useSettings = create<SettingsState>()(() => ({
  settings: defaultSettings,
  loaded: false,
  async update(change) {
    useSettings.setState({ settings: await call('settings:update', change) })
  }
}))

/** Loads the settings once and mirrors every change, whichever window or tab made it. */
export function startSettingsSync(): () => void {
  void call('settings:get', {}).then((settings) => useSettings.setState({ settings, loaded: true }))
  return on('settings:changed', (settings) => useSettings.setState({ settings, loaded: true }))
}
