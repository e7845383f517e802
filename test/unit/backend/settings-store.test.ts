import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../src/backend/event-hub'
import { SettingsStore } from '../../../src/backend/services/settings-store'
import { defaultSettings } from '../../../src/shared/settings-plain'

async function freshFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'exaone-settings-'))
}

describe('settings store', () => {
  it('starts from the defaults, writes settings.json and announces the change', async () => {
    const folder = await freshFolder()
    const hub = new EventHub()
    const changes: unknown[] = []
    hub.on('settings:changed', (settings) => changes.push(settings))
    const store = new SettingsStore(join(folder, 'settings.json'), hub)
    expect(await store.get()).toEqual(defaultSettings)

    await store.update({ locale: 'ko' })
    await store.update({ theme: 'dark' })
    expect(JSON.parse(await readFile(join(folder, 'settings.json'), 'utf8'))).toEqual({ ...defaultSettings, locale: 'ko', theme: 'dark' })
    expect(changes).toEqual([
      { ...defaultSettings, locale: 'ko' },
      { ...defaultSettings, locale: 'ko', theme: 'dark' }
    ])
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(await new SettingsStore(join(folder, 'settings.json'), new EventHub()).get()).toEqual({ ...defaultSettings, locale: 'ko', theme: 'dark' })
  })

  it('keeps the last of many quick updates on disk', async () => {
    const folder = await freshFolder()
    const store = new SettingsStore(join(folder, 'settings.json'), new EventHub())
    await Promise.all(['ko', 'en', 'ko', 'en', 'ko'].map((locale) => store.update({ locale: locale as 'ko' | 'en' })))
    expect(JSON.parse(await readFile(join(folder, 'settings.json'), 'utf8'))).toMatchObject({ locale: 'ko' })
  })

  it('sets a corrupt settings.json aside instead of failing or deleting it', async () => {
    const folder = await freshFolder()
    await writeFile(join(folder, 'settings.json'), '{"locale": "ko", "theme": ')
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const store = new SettingsStore(join(folder, 'settings.json'), new EventHub())
    expect(await store.get()).toEqual(defaultSettings)
    const kept = (await readdir(folder)).find((name) => name.startsWith('settings.json.corrupt-'))
    expect(kept).toBeDefined()
    expect(await readFile(join(folder, kept as string), 'utf8')).toBe('{"locale": "ko", "theme": ')
  })

  it('ignores values it does not know (a newer version wrote them) by falling back to defaults', async () => {
    const folder = await freshFolder()
    await writeFile(join(folder, 'settings.json'), JSON.stringify({ locale: 'ko' }))
    expect(await new SettingsStore(join(folder, 'settings.json'), new EventHub()).get()).toEqual({ ...defaultSettings, locale: 'ko' })
  })
})
