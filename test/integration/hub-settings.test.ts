/**
 * The Hugging Face address and token chosen in Settings, on the real backend against a Hugging Face look-alike on
 * 127.0.0.1: the Test button's request, the errors it meets (said by code), and the catalog using both at once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/backend/backend'
import { startFakeHub, type FakeHub } from '../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles } from '../helpers/fake-models'
import { closedPort } from '../helpers/closed-port'

const token = 'hf_saved_in_settings'
let root: string
let server: FakeHub
let backend: Backend

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'exaone-hub-settings-'))
  server = await startFakeHub({ repos: [fakeExaoneRepo(await makeFakeExaoneFiles(), token)] })
  backend = await createBackend({ dataDir: root, version: 'test' })
})

afterAll(async () => {
  await backend.dispose()
  await server.close()
  await rm(root, { recursive: true, force: true })
})

describe('Hugging Face settings', () => {
  it('refuses an address that is not one, saying what one looks like', async () => {
    const reply = await backend.dispatch('settings:update', { huggingFaceEndpoint: 'hf-mirror.com' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('must be a web address starting with https://') } })
    expect((await backend.settings.get()).huggingFaceEndpoint).toBeUndefined()
  })

  it('tests an address before it is saved: unreachable is a network error, a gated answer asks for the token', async () => {
    const refused = await backend.dispatch('settings:test-endpoint', { endpoint: await closedPort() })
    expect(refused).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringContaining('the connection was refused') } })
    const gated = await backend.dispatch('settings:test-endpoint', { endpoint: server.endpoint })
    expect(gated).toMatchObject({ ok: false, error: { code: 'token-required' } })
  })

  it('tests with the saved token, and an empty address tests the saved one', async () => {
    await backend.dispatch('settings:update', { huggingFaceEndpoint: `${server.endpoint}/`, huggingFaceToken: ` ${token} ` })
    expect(await backend.settings.get()).toMatchObject({ huggingFaceEndpoint: server.endpoint, huggingFaceToken: token })
    server.requests.length = 0
    const reply = await backend.dispatch('settings:test-endpoint', { endpoint: '' })
    expect(reply).toMatchObject({ ok: true, value: { endpoint: server.endpoint, ms: expect.any(Number) } })
    expect(server.requests).toMatchObject([{ server: 'hub', path: '/api/models/LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF/revision/main', authorization: `Bearer ${token}`, status: 200 }])
  })

  it('the catalog asks the saved address with the saved token, without a restart', async () => {
    server.requests.length = 0
    const catalog = await backend.catalog.list(true)
    expect(catalog.source).toBe('online')
    const small = catalog.models.find((model) => model.id === 'exaone-4.0-1.2b')
    expect(small?.quants.find((quant) => quant.id === 'Q8_0')).toMatchObject({ sizeSource: 'exact', inRepo: true })
    const asked = server.requests.filter((request) => request.path.includes('EXAONE-4.0-1.2B-GGUF'))
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((request) => request.authorization === `Bearer ${token}`)).toBe(true)
  })
})
