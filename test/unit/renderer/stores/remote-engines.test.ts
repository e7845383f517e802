/** The remote engines store on a fake `window.exaone`: it mirrors engines:list and engines:changed, and the chat's choice. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppErrorData } from '../../../../src/shared/errors'
import type { RemoteEngine, RemoteEngines } from '../../../../src/shared/remote-engines'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { activeRemote, startRemoteEnginesSync, useRemoteEngines } = await import('../../../../src/renderer/src/stores/remote-engines')

const engine: RemoteEngine = {
  id: 'gpu-box',
  name: 'GPU box',
  baseUrl: 'https://gpu-box.example/v1',
  modelId: null,
  hasKey: true,
  allowInsecureHttp: false,
  models: [{ id: 'exaone-4.0-32b', contextLength: 131072, ownedBy: null }],
  checkedAt: '2026-12-01T09:00:00.000Z'
}
const onRemote: RemoteEngines = { engines: [engine], active: { kind: 'remote', engineId: 'gpu-box', modelId: 'exaone-4.0-32b' } }

beforeEach(() => {
  fake.reset()
  useRemoteEngines.setState({ engines: [], active: { kind: 'local' }, loaded: false })
})

describe('remote engines store', () => {
  it('loads the list once, then follows engines:changed', async () => {
    fake.handle('engines:list', () => ({ engines: [engine], active: { kind: 'local' } }))
    const stop = startRemoteEnginesSync()
    await vi.waitFor(() => expect(useRemoteEngines.getState().loaded).toBe(true))
    expect(useRemoteEngines.getState().engines).toEqual([engine])
    fake.emit('engines:changed', { engines: [], active: { kind: 'local' } })
    expect(useRemoteEngines.getState().engines).toEqual([])
    stop()
    expect(fake.listenerCount('engines:changed')).toBe(0)
  })

  it('switches the chat to a remote model with engines:use and takes what the backend answers', async () => {
    fake.handle('engines:use', () => onRemote)
    await useRemoteEngines.getState().switchTo(onRemote.active)
    expect(fake.calls).toEqual([{ name: 'engines:use', args: onRemote.active }])
    expect(activeRemote(useRemoteEngines.getState())).toEqual({ engine, modelId: 'exaone-4.0-32b' })
  })

  it('rejects a refused switch and keeps the choice it had', async () => {
    const refused: AppErrorData = { code: 'not-found', message: 'No remote engine "gpu-box".' }
    fake.handle('engines:use', () => Promise.reject(refused))
    await expect(useRemoteEngines.getState().switchTo(onRemote.active)).rejects.toMatchObject({ code: 'not-found' })
    expect(useRemoteEngines.getState().active).toEqual({ kind: 'local' })
  })

  it('has no active remote while the chat is local or its engine is gone', () => {
    expect(activeRemote({ engines: [engine], active: { kind: 'local' } })).toBeNull()
    expect(activeRemote({ engines: [], active: onRemote.active })).toBeNull()
  })
})
