import { create } from 'zustand'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import type { Settings } from '../../../shared/settings'
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
  settings: defaultSettings,
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

/**
 * Resolves once the first settings:get has answered or failed, or after `limitMs` whatever the backend does: the
 * first render waits for it (main.tsx), as rendered before it showed the system's language and theme for a moment.
 */
export function settingsSettled(limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const settled = ({ loaded, error }: SettingsState): boolean => loaded || error !== null
    if (settled(useSettings.getState())) return resolve()
    const timer = setTimeout(finish, limitMs)
    const stop = useSettings.subscribe((state) => settled(state) && finish())
    function finish(): void {
      clearTimeout(timer)
      stop()
      resolve()
    }
  })
}

/** Loads the settings once and mirrors every change, whichever window or tab made it. */
export function startSettingsSync(): () => void {
  void useSettings.getState().reload()
  return on('settings:changed', (settings) => useSettings.setState({ settings, loaded: true, error: null }))
}
