/**
 * The engine and downloads stores on a fake `window.exaone`: each mirrors backend state from a first request and
 * then from events, and an event newer than the first answer must not be overwritten by it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DownloadItem } from '../../../../src/shared/downloads'
import type { EngineState } from '../../../../src/shared/engine'
import type { AppErrorData } from '../../../../src/shared/errors'
import { deferred } from './fake-bridge'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { loadedModelName, startEngineSync, useEngine } = await import('../../../../src/renderer/src/stores/engine')
const { findDownload, startDownloadsSync, useDownloads } = await import('../../../../src/renderer/src/stores/downloads')

const loading: EngineState = { status: 'loading', modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', path: '/models/a.gguf', memory: { ramBytes: 1, vramBytes: 0 }, progress: 0.5 }
const stopped: EngineState = { status: 'stopped', code: 'out-of-memory', reason: 'The worker ran out of memory.' }
const item = (id: string, state: string, receivedBytes: number): DownloadItem =>
  ({ id, modelId: 'exaone-4.0-1.2b', modelName: 'EXAONE 4.0 1.2B', quantId: 'Q8_0', state, receivedBytes, totalBytes: 100, fileCount: 1, fileIndex: 0, bytesPerSecond: null, secondsLeft: null, retry: null, error: null }) as unknown as DownloadItem
const refused: AppErrorData = { code: 'licence-required', message: 'Accept the licence first.' }

/**
 * Lets every promise callback already queued run (the store's `.then` on the first answer): a macrotask runs only
 * after the microtask queue is empty. No clock is involved; the fake bridge does no I/O.
 */
const drained = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

let stops: Array<() => void> = []
beforeEach(() => {
  fake.reset()
  useEngine.setState({ state: { status: 'idle' }, lastLoad: null })
  useDownloads.setState({ items: [], error: null })
})
afterEach(() => {
  stops.forEach((stop) => stop())
  stops = []
})

describe('engine store', () => {
  it('"Load anyway" repeats the refused load with override, and nothing without a load to repeat', async () => {
    await useEngine.getState().loadAnyway()
    expect(fake.calls).toEqual([])
    fake.handle('engine:load', (request: { override?: boolean }) => (request.override ? {} : Promise.reject({ code: 'wont-fit', message: 'Too large.' })))
    await expect(useEngine.getState().load({ modelId: 'exaone-4.0-32b', quantId: 'BF16', contextSize: 8192 })).rejects.toMatchObject({ code: 'wont-fit' })
    await useEngine.getState().loadAnyway()
    expect(fake.calls.map((call) => call.args)).toEqual([
      { modelId: 'exaone-4.0-32b', quantId: 'BF16', contextSize: 8192 },
      { modelId: 'exaone-4.0-32b', quantId: 'BF16', contextSize: 8192, override: true }
    ])
  })

  it('takes the state from the first answer, then from every engine:state event', async () => {
    fake.handle('engine:state', () => loading)
    stops.push(startEngineSync())
    await vi.waitFor(() => expect(useEngine.getState().state).toEqual(loading))
    fake.emit('engine:state', stopped)
    expect(useEngine.getState().state).toEqual(stopped)
    expect(loadedModelName(stopped)).toBeNull()
  })

  it('keeps an event that came before the first answer: the answer is older', async () => {
    const first = deferred<EngineState>()
    fake.handle('engine:state', () => first.promise)
    stops.push(startEngineSync())
    await vi.waitFor(() => expect(fake.calls.map((call) => call.name)).toContain('engine:state'))
    fake.emit('engine:state', stopped)
    first.resolve({ status: 'idle' })
    await drained()
    expect(useEngine.getState().state).toEqual(stopped)
  })

  it('unloads and shows the state the backend answers with', async () => {
    fake.handle('engine:unload', () => ({ status: 'idle' }))
    useEngine.setState({ state: loading })
    await useEngine.getState().unload()
    expect(useEngine.getState().state).toEqual({ status: 'idle' })
    expect(fake.calls).toEqual([{ name: 'engine:unload', args: {} }])
  })
})

describe('downloads store', () => {
  it('takes the list from the first answer, then each downloads:changed replaces it whole', async () => {
    fake.handle('downloads:list', () => [item('d1', 'downloading', 10)])
    stops.push(startDownloadsSync())
    await vi.waitFor(() => expect(useDownloads.getState().items).toEqual([item('d1', 'downloading', 10)]))
    fake.emit('downloads:changed', [item('d1', 'downloading', 60), item('d2', 'queued', 0)])
    expect(useDownloads.getState().items.map((download) => [download.id, download.receivedBytes])).toEqual([['d1', 60], ['d2', 0]])
    expect(findDownload(useDownloads.getState().items, 'exaone-4.0-1.2b', 'Q8_0')?.id).toBe('d1')
    expect(findDownload(useDownloads.getState().items, 'exaone-4.0-1.2b', 'BF16')).toBeUndefined()
  })

  it('keeps a downloads:changed that came before the first answer', async () => {
    const first = deferred<DownloadItem[]>()
    fake.handle('downloads:list', () => first.promise)
    stops.push(startDownloadsSync())
    await vi.waitFor(() => expect(fake.calls.map((call) => call.name)).toContain('downloads:list'))
    fake.emit('downloads:changed', [item('d1', 'paused', 70)])
    first.resolve([item('d1', 'downloading', 40)])
    await drained()
    expect(useDownloads.getState().items).toEqual([item('d1', 'paused', 70)])
  })

  it('sends each action with its arguments, shows a refusal and clears it on the next success', async () => {
    fake.handle('downloads:start', () => Promise.reject(refused))
    await useDownloads.getState().start('exaone-4.0-1.2b', 'Q8_0')
    expect(useDownloads.getState().error).toEqual(refused)

    for (const name of ['downloads:pause', 'downloads:resume', 'downloads:cancel']) fake.handle(name, () => ({}))
    await useDownloads.getState().pause('d1')
    expect(useDownloads.getState().error).toBeNull()
    await useDownloads.getState().resume('d1')
    await useDownloads.getState().cancel('d1')
    expect(fake.calls).toEqual([
      { name: 'downloads:start', args: { modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' } },
      { name: 'downloads:pause', args: { id: 'd1' } },
      { name: 'downloads:resume', args: { id: 'd1' } },
      { name: 'downloads:cancel', args: { id: 'd1' } }
    ])
  })
})
