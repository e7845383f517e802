/**
 * Who may call the API, for real over HTTP on 127.0.0.1: the key, CORS with its preflight and Private Network
 * Access, the Host check against DNS rebinding, the body limit, and the settings that turn the server on; and,
 * through this machine's network address, serving the local network with a key.
 */
import { request as httpRequest } from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI, { AuthenticationError } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashApiKey } from '../../../src/backend/api/security'
import type { ApiServerService } from '../../../src/backend/api/service'
import { createBackend, type Backend } from '../../../src/backend/backend'
import { startTestApi, testModel, type TestApi } from '../../helpers/api-server'

const key = 'exa-test-key-0123456789'
const allowed = 'http://localhost:3000'
let api: TestApi

beforeAll(async () => {
  api = await startTestApi({ keyHash: hashApiKey(key), apiKey: key, allowedOrigins: [allowed], bodyLimitBytes: 1024 })
})
afterAll(() => api?.close())

const models = (headers: Record<string, string> = {}, method = 'GET'): Promise<Response> => fetch(`${api.server.url}/models`, { method, headers })

describe('the API key', () => {
  it('lets the right key in through the SDK', async () => {
    expect((await api.client.models.list()).data.map((model) => model.id)).toEqual([testModel])
  })

  it('refuses a missing or wrong key with a 401 in OpenAI form', async () => {
    for (const headers of [{}, { Authorization: 'Bearer exa-wrong' }, { Authorization: key }] as Record<string, string>[]) {
      const response = await models(headers)
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } })
    }
    const wrong = new OpenAI({ baseURL: api.server.url, apiKey: 'exa-wrong', maxRetries: 0 })
    await expect(wrong.models.list()).rejects.toBeInstanceOf(AuthenticationError)
  })
})

describe('CORS', () => {
  const auth = { Authorization: `Bearer ${key}` }

  it('grants nothing to a page from a foreign origin, and refuses it', async () => {
    const response = await models({ ...auth, Origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(await response.json()).toMatchObject({ error: { type: 'permission_error', message: expect.stringContaining('Allowed origins') } })
  })

  it('grants an allowed origin, and answers its preflight with Private Network Access', async () => {
    const response = await models({ ...auth, Origin: allowed })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed)

    const preflight = await models(
      { Origin: allowed, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type', 'Access-Control-Request-Private-Network': 'true' },
      'OPTIONS'
    )
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true')
  })

  it('refuses a preflight from a foreign origin', async () => {
    const preflight = await models({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' }, 'OPTIONS')
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('requests the server refuses before reading them', () => {
  it('refuses a Host that is not this machine (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${api.server.url}/models`)
      httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { Host: 'rebound.example:80', Authorization: `Bearer ${key}` } }, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
        .on('error', reject)
        .end()
    })
    expect(status).toBe(403)
  })

  it('refuses a body over the limit with a 413 in OpenAI form', async () => {
    const response = await fetch(`${api.server.url}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: testModel, messages: [{ role: 'user', content: 'x'.repeat(2048) }] })
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_too_large' } })
  })
})

describe('the API server as the app runs it', () => {
  let home: string
  let backend: Backend
  let service: ApiServerService

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'exaone-api-service-'))
    backend = await createBackend({ dataDir: home, version: '0.0.0-test', serveApi: true })
    service = backend.apiServer
  })
  afterAll(async () => {
    await backend?.dispose()
    await rm(home, { recursive: true, force: true })
  })

  it('is off until turned on, then serves on 127.0.0.1', async () => {
    expect(service.status).toMatchObject({ state: 'off', url: null, host: '127.0.0.1', port: 4558, hasKey: false })
    const on = await service.configure({ enabled: true, port: await freePort() })
    expect(on).toMatchObject({ state: 'on', url: `http://127.0.0.1:${on.port}/v1` })
    expect((await fetch(`${on.url}/models`)).status).toBe(200)
  })

  it('will not serve the local network without a key', async () => {
    const refused = await service.configure({ localNetwork: true })
    expect(refused).toMatchObject({ state: 'failed', host: '0.0.0.0', url: null, problem: expect.stringContaining('API key') })
    expect(await service.configure({ localNetwork: false })).toMatchObject({ state: 'on', problem: null })
  })

  it('stores a generated key hashed, shows it once, and asks for it from then on', async () => {
    const { key: generated, status } = await service.generateKey()
    expect(status).toMatchObject({ state: 'on', host: '127.0.0.1', hasKey: true, keyHint: `…${generated.slice(-4)}` })
    const settings = await readFile(join(home, 'settings.json'), 'utf8')
    expect(settings).toContain(hashApiKey(generated))
    expect(settings).not.toContain(generated)
    expect((await fetch(`${status.url}/models`)).status).toBe(401)
    expect((await fetch(`${status.url}/models`, { headers: { Authorization: `Bearer ${generated}` } })).status).toBe(200)
  })

  it('logs each request without its text', async () => {
    expect(service.log.entries.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models', status: 200, model: null, promptTokens: null })
    await service.log.flushed()
    expect(await readFile(join(home, 'api-requests.jsonl'), 'utf8')).toContain('"path":"/v1/models"')
  })

  it('stops when turned off', async () => {
    expect(await service.configure({ enabled: false })).toMatchObject({ state: 'off', url: null })
  })
})

/** This machine's first address other people's machines could reach it by; null on a machine with loopback only. */
function lanAddress(): string | null {
  const addresses = Object.values(networkInterfaces()).flatMap((entries) => entries ?? [])
  return addresses.find((entry) => entry.family === 'IPv4' && !entry.internal)?.address ?? null
}
const lan = lanAddress()

/** Whether something accepts TCP connections at host:port (a refusal or any other error: no). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe.skipIf(lan === null)(`serving the local network, as the app runs it (reached at ${lan ?? 'no address: this machine has only loopback, so this is skipped'})`, () => {
  let home: string
  let backend: Backend
  let service: ApiServerService

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'exaone-api-lan-'))
    backend = await createBackend({ dataDir: home, version: '0.0.0-test', serveApi: true })
    service = backend.apiServer
  })
  afterAll(async () => {
    await backend?.dispose()
    await rm(home, { recursive: true, force: true })
  })

  it('answers on the network only with the key, keeps the key hashed, and goes back to loopback when turned off', async () => {
    const host = lan as string
    const port = await freePort()
    expect(await service.configure({ enabled: true, port })).toMatchObject({ state: 'on', host: '127.0.0.1' })
    expect(await accepts(host, port)).toBe(false)

    const { key } = await service.generateKey()
    expect(await service.configure({ localNetwork: true })).toMatchObject({ state: 'on', host: '0.0.0.0', problem: null })
    const baseURL = `http://${host}:${port}/v1`
    const noKey = new OpenAI({ baseURL, apiKey: 'unused', defaultHeaders: { Authorization: null }, maxRetries: 0 })
    await expect(noKey.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' })
    await expect(new OpenAI({ baseURL, apiKey: 'exa-wrong', maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(AuthenticationError)
    const right = await new OpenAI({ baseURL, apiKey: key, maxRetries: 0 }).models.list().withResponse()
    expect(right.response.status).toBe(200)
    expect(right.data.data).toEqual([])

    // Only the hash is kept: not in the settings, not in the request log.
    await service.log.flushed()
    const settings = await readFile(join(home, 'settings.json'), 'utf8')
    expect(JSON.parse(settings)).toMatchObject({ apiServer: { localNetwork: true, keyHash: hashApiKey(key) } })
    expect(settings).not.toContain(key)
    expect(await readFile(join(home, 'api-requests.jsonl'), 'utf8')).not.toContain(key)

    expect(await service.configure({ localNetwork: false })).toMatchObject({ state: 'on', host: '127.0.0.1' })
    expect(await accepts(host, port)).toBe(false)
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200)
  })
})

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
