/**
 * The settings store on a fake `window.exaone`: a failed first read is kept to show, a refused save rejects, and the
 * first render's wait ends with the first answer, a failure, or its limit.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppErrorData } from '../../../../src/shared/errors'
import { defaultSettings } from '../../../../src/shared/settings-plain'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { settingsSettled, startSettingsSync, useSettings } = await import('../../../../src/renderer/src/stores/settings')

const unreadable: AppErrorData = { code: 'io', message: 'settings.json could not be read.' }

beforeEach(() => {
  fake.reset()
  useSettings.setState({ settings: defaultSettings, loaded: false, error: null })
})

describe('settings store', () => {
  it('keeps a failed first read to show (with the defaults meanwhile), and clears it when a retry reads them', async () => {
    fake.handle('settings:get', () => Promise.reject(unreadable))
    const stop = startSettingsSync()
    await vi.waitFor(() => expect(useSettings.getState().error).toEqual(unreadable))
    expect(useSettings.getState()).toMatchObject({ settings: defaultSettings, loaded: false })
    fake.handle('settings:get', () => ({ ...defaultSettings, locale: 'ko' }))
    await useSettings.getState().reload()
    expect(useSettings.getState()).toMatchObject({ settings: { locale: 'ko' }, loaded: true, error: null })
    stop()
  })

  it('rejects a refused change, so the field that made it can say why, and shows nothing changed', async () => {
    const refused: AppErrorData = { code: 'bad-request', message: 'Threads must be "auto" or a whole number from 1 to 256.' }
    fake.handle('settings:update', () => Promise.reject(refused))
    await expect(useSettings.getState().update({ threads: 999 })).rejects.toMatchObject({ code: 'bad-request' })
    expect(useSettings.getState().settings).toEqual(defaultSettings)
  })

  it('settles the first render’s wait on the first answer or failure, and on its limit when none comes', async () => {
    let answer!: (settings: typeof defaultSettings) => void
    fake.handle('settings:get', () => new Promise((resolve) => (answer = resolve)))
    const stop = startSettingsSync()
    const settled = settingsSettled(60_000)
    answer({ ...defaultSettings, theme: 'dark' })
    await settled
    expect(useSettings.getState().settings.theme).toBe('dark')
    stop()

    useSettings.setState({ loaded: false })
    fake.handle('settings:get', () => Promise.reject(unreadable))
    const stopFailed = startSettingsSync()
    await settingsSettled(60_000)
    expect(useSettings.getState().error).toEqual(unreadable)
    stopFailed()

    vi.useFakeTimers()
    try {
      useSettings.setState({ loaded: false, error: null })
      fake.handle('settings:get', () => new Promise(() => undefined))
      const stopSilent = startSettingsSync()
      const waited = settingsSettled(1000)
      await vi.advanceTimersByTimeAsync(1000)
      await waited
      expect(useSettings.getState().loaded).toBe(false)
      stopSilent()
    } finally {
      vi.useRealTimers()
    }
  })
})
