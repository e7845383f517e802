/** The browser harness's server with a real backend, spoken to by a real WebSocket client over 127.0.0.1. */
import { once } from 'node:events'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createBackend, type Backend } from '../../src/backend/backend'
import { startHarness, type Harness } from '../../src/backend/harness/server'
import { defaultSettings } from '../../src/shared/settings-plain'
import type { ServerMessage } from '../../src/shared/wire'

let backend: Backend
let harness: Harness
let origin: string

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'exaone-harness-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>EXAONE Desktop</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'not for the browser')
  backend = await createBackend({ dataDir: join(root, 'data'), version: '1.2.3' })
  harness = await startHarness({ backend, rendererDir })
  origin = `http://127.0.0.1:${harness.port}`
})

afterAll(async () => {
  await harness.close()
})

function open(path: string, headers: Record<string, string> = { Origin: origin }): Promise<{ ws: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}${path}`, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_request, response) => resolve({ ws, status: response.statusCode }))
    ws.once('error', () => undefined)
  })
}

function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerMessage)))
}

function get(path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: harness.port, path }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }))
    })
      .on('error', reject)
      .end()
  })
}

describe('browser harness', () => {
  it('listens on 127.0.0.1 only and prints a URL with its token', () => {
    expect(harness.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${harness.port}/\\?token=[\\w-]{32}$`))
  })

  it('refuses a connection without the token, with a wrong one, or from a foreign origin', async () => {
    expect((await open('/ws')).status).toBe(401)
    expect((await open('/ws?token=wrong')).status).toBe(401)
    expect((await open(`/ws?token=${harness.token}`, { Origin: 'https://evil.example' })).status).toBe(403)
    expect((await open(`/ws?token=${harness.token}`, { Origin: `http://127.0.0.1:${harness.port + 1}` })).status).toBe(403)
    expect((await open(`/elsewhere?token=${harness.token}`)).status).toBe(404)
  })

  it('carries calls and their validation errors, like Electron IPC', async () => {
    const { ws } = await open(`/ws?token=${harness.token}`)
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app:info', args: {} }))
    expect(await nextMessage(ws)).toMatchObject({ t: 'reply', id: 1, reply: { ok: true, value: { version: '1.2.3', name: 'EXAONE Desktop' } } })
    ws.send(JSON.stringify({ t: 'call', id: 2, name: 'settings:update', args: { locale: 'xx' } }))
    expect(await nextMessage(ws)).toMatchObject({ t: 'reply', id: 2, reply: { ok: false, error: { code: 'bad-request' } } })
    ws.close()
  })

  it('sends events to subscribers only, and forgets them when the socket closes', async () => {
    const { ws: listener } = await open(`/ws?token=${harness.token}`)
    const { ws: other } = await open(`/ws?token=${harness.token}`)
    listener.send(JSON.stringify({ t: 'sub', event: 'settings:changed' }))
    // The server answers nothing to a subscription: its hub gaining the listener is the sign it arrived.
    await expect.poll(() => backend.hub.listenerCount('settings:changed')).toBe(1)
    const received = nextMessage(listener)
    other.send(JSON.stringify({ t: 'call', id: 7, name: 'settings:update', args: { theme: 'dark' } }))
    expect(await received).toEqual({ t: 'event', event: 'settings:changed', payload: { ...defaultSettings, theme: 'dark' } })
    const closed = once(listener, 'close')
    listener.close()
    await closed
    await expect.poll(() => backend.hub.listenerCount('settings:changed')).toBe(0)
    other.close()
  })

  it('closes a socket that sends malformed messages', async () => {
    const { ws } = await open(`/ws?token=${harness.token}`)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('{"t":"call","id":"x"')
    expect(await closed).toBe(1003)
  })

  it('serves the renderer with a strict CSP, falls back to index.html, and never leaves its folder', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/)
    expect((await get('/models')).body).toContain('<title>EXAONE Desktop</title>')
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await get(path)
      expect(response.body, path).not.toContain('not for the browser')
    }
    expect((await get('/%E0%A4%A')).status).toBe(400)
  })
})
