/** The settings store on a fake `window.exaone`: a failed first read is kept to show, and a refused save rejects. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppErrorData } from '../../../../src/shared/errors'
import { defaultSettings } from '../../../../src/shared/settings-plain'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { startSettingsSync, useSettings } = await import('../../../../src/renderer/src/stores/settings')

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
})
