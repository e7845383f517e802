import { describe, expect, it } from 'vitest'
import { dataPaths, resolveDataDir } from '../../../src/backend/paths'

describe('data folder', () => {
  it('is EXAONE_DESKTOP_HOME when set', () => {
    expect(resolveDataDir({ EXAONE_DESKTOP_HOME: '/tmp/x' }, 'linux', '/home/a')).toBe('/tmp/x')
  })

  it("is where Electron's userData would be on each OS, so the app and the CLI share one library", () => {
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/EXAONE Desktop')
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/EXAONE Desktop')
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/EXAONE Desktop')
    expect(resolveDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32', 'C:/Users/a')).toMatch(/Roaming[\\/]EXAONE Desktop$/)
  })

  it('lays models, chats and settings out under it', () => {
    expect(dataPaths('/d')).toEqual({
      root: '/d',
      models: '/d/models',
      chats: '/d/chats',
      settings: '/d/settings.json',
      windowState: '/d/window-state.json',
      catalogCache: '/d/catalog-cache.json'
    })
  })
})
