/** The library store on a fake `window.exaone`: a file dropped on the window (checked by main) leads to the Library with it. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { LibrarySnapshot } from '../../../../src/shared/library'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { startLibrarySync, useLibrary } = await import('../../../../src/renderer/src/stores/library')

const empty: LibrarySnapshot = { folder: '/models', installed: [], installedBytes: 0, partialBytes: 0, freeBytes: null, volume: null }

beforeEach(() => {
  fake.reset()
  Object.assign(globalThis, { location: { hash: '#/chat' } })
  useLibrary.setState({ snapshot: null, error: null, dropped: null })
})

describe('library store', () => {
  it('keeps a dropped file, or why it was refused, and opens the Library', async () => {
    fake.handle('library:list', () => empty)
    const stop = startLibrarySync()
    await vi.waitFor(() => expect(useLibrary.getState().snapshot).toEqual(empty))
    fake.emit('library:dropped', { path: '/downloads/tune.gguf', error: null })
    expect(useLibrary.getState().dropped).toEqual({ path: '/downloads/tune.gguf', error: null })
    expect(location.hash).toBe('/library')
    const refused = { path: null, error: { code: 'bad-model', message: 'notes.txt is not a .gguf file.' } }
    fake.emit('library:dropped', refused)
    expect(useLibrary.getState().dropped).toEqual(refused)
    stop()
    expect(fake.listenerCount('library:dropped')).toBe(0)
    expect(fake.listenerCount('library:changed')).toBe(0)
  })
})
