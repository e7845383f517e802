import { readFileSync } from 'node:fs'
import { posix, win32 } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataPaths, isWithin, productName, resolveDataDir } from '../../../src/backend/paths'

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

  it('is named after the app as package.json (and so Electron and electron-builder) names it', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { productName: string }
    expect(productName).toBe(pkg.productName)
  })

  it('lays models, chats and settings out under it', () => {
    expect(dataPaths('/d')).toEqual({
      root: '/d',
      models: '/d/models',
      chats: '/d/chats',
      settings: '/d/settings.json',
      windowState: '/d/window-state.json',
      licences: '/d/licences.json',
      catalogCache: '/d/catalog-cache.json',
      engines: '/d/engines.json',
      engineKeys: '/d/engine-keys.json',
      threadCalibration: '/d/thread-calibration.json'
    })
  })
})

describe('a path within a folder', () => {
  it.each([
    ['/data/models', true],
    ['/data/models/', true],
    ['/data/models/a.gguf', true],
    ['/data/models/sub/a.gguf', true],
    ['/data/models/..a.gguf', true],
    ['/data/models/sub/../a.gguf', true],
    ['/data/models/../a.gguf', false],
    ['/data/models/..', false],
    ['/data/models2/a.gguf', false],
    ['/data', false],
    ['/Data/Models/a.gguf', false]
  ])('on POSIX, %s is within /data/models: %s', (target, within) => {
    expect(isWithin(target, '/data/models', posix)).toBe(within)
  })

  it.each([
    ['C:\\Data\\Models', true],
    ['C:\\Data\\Models\\a.gguf', true],
    ['c:\\data\\models\\A.GGUF', true],
    ['C:/Data/Models/sub/a.gguf', true],
    ['C:\\Data\\Models\\..a.gguf', true],
    ['C:\\Data\\Models\\..\\a.gguf', false],
    ['C:\\Data\\Models/../a.gguf', false],
    ['C:\\Data\\Models2\\a.gguf', false],
    ['D:\\Data\\Models\\a.gguf', false],
    ['\\\\server\\share\\a.gguf', false]
  ])('on Windows, %s is within C:\\Data\\Models: %s', (target, within) => {
    expect(isWithin(target, 'C:\\Data\\Models', win32)).toBe(within)
  })

  it('on Windows, a network share holds what is below it', () => {
    expect(isWithin('\\\\server\\share\\models\\a.gguf', '\\\\server\\share\\models', win32)).toBe(true)
    expect(isWithin('\\\\server\\other\\models\\a.gguf', '\\\\server\\share\\models', win32)).toBe(false)
  })
})
