/**
 * The HTTPS proxy chosen in Settings (or `config set proxy`, or HTTPS_PROXY / HTTP_PROXY with NO_PROXY), on the real
 * backend and the real CLI: a CONNECT proxy on 127.0.0.1 in front of the Hugging Face look-alike counts the tunnels
 * that the catalog, the mirror test and a download open through it; a dead proxy is a network error that names it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/backend/backend'
import type { DownloadItem } from '../../src/shared/downloads'
import type { LibrarySnapshot } from '../../src/shared/library'
import { runCli } from '../helpers/cli'
import { closedPort } from '../helpers/closed-port'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy'
import { startFakeHub, type FakeHub } from '../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles } from '../helpers/fake-models'

let root: string
let hub: FakeHub
let proxy: ConnectProxy
let backend: Backend
const hubHost = (): string => new URL(hub.endpoint).host

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'exaone-hub-proxy-'))
  hub = await startFakeHub({ repos: [fakeExaoneRepo(await makeFakeExaoneFiles())] })
  proxy = await startConnectProxy({ credentials: 'alice:s3cret' })
  backend = await createBackend({ dataDir: root, version: 'test' })
})

afterAll(async () => {
  await backend.dispose()
  await Promise.all([hub.close(), proxy.close()])
  await rm(root, { recursive: true, force: true })
})

describe('the proxy setting', () => {
  it('refuses what is not a proxy address, saying what one looks like', async () => {
    for (const proxyUrl of ['proxy.example.com:8080', 'socks5://127.0.0.1:1080', 'http://127.0.0.1', 'http://127.0.0.1:99999']) {
      const reply = await backend.dispatch('settings:update', { proxy: proxyUrl })
      expect(reply, proxyUrl).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('such as http://proxy.example.com:8080') } })
    }
    expect((await backend.settings.get()).proxy).toBeUndefined()
  })

  it('sends the catalog, the mirror test and a download through the proxy, with its credentials', async () => {
    await backend.dispatch('settings:update', { huggingFaceEndpoint: hub.endpoint, proxy: proxy.url })
    const catalog = await backend.catalog.list(true)
    expect(catalog.source).toBe('online')
    const afterCatalog = proxy.tunnels.length
    expect(afterCatalog).toBeGreaterThan(0)
    expect(new Set(proxy.tunnels)).toEqual(new Set([hubHost()]))

    expect(await backend.dispatch('settings:test-endpoint', { endpoint: '' })).toMatchObject({ ok: true })

    await backend.dispatch('licences:accept', { modelId: 'exaone-4.0-1.2b' })
    const installed = new Promise<LibrarySnapshot>((resolve) => {
      const stop = backend.hub.on('library:changed', (snapshot) => {
        if (snapshot.installed.some((quant) => quant.quantId === 'Q8_0')) {
          stop()
          resolve(snapshot)
        }
      })
    })
    const started = await backend.dispatch('downloads:start', { modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })
    expect(started).toMatchObject({ ok: true })
    expect((await installed).installed).toEqual([expect.objectContaining({ quantId: 'Q8_0', check: 'verified' })])
    // Both the hub's resolve requests and the CDN's bytes came through tunnels (the look-alike serves both).
    expect(hub.bytesServed()).toBeGreaterThan(0)
    expect(proxy.tunnels.length).toBeGreaterThan(afterCatalog)
    expect(new Set(proxy.tunnels.map((tunnel) => tunnel.split(':')[0]))).toEqual(new Set(['127.0.0.1']))
    expect(proxy.refused).toBe(0)
  })

  it('says the proxy refused the credentials, without showing the password', async () => {
    await backend.dispatch('settings:update', { proxy: proxy.url.replace('s3cret', 'wrong') })
    const reply = await backend.dispatch('settings:test-endpoint', { endpoint: '' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringContaining('through the proxy http://alice:…@127.0.0.1') } })
    expect(JSON.stringify(reply)).toContain('407')
    expect(JSON.stringify(reply)).not.toContain('wrong')
  })

  it('names a dead proxy in a network error, for the catalog, the mirror test and a download', async () => {
    const dead = `${await closedPort()}`
    await backend.dispatch('settings:update', { proxy: dead })
    const reply = await backend.dispatch('settings:test-endpoint', { endpoint: '' })
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'network', message: `Could not reach Hugging Face (${hubHost()}) through the proxy ${dead}: the connection was refused.`, hint: expect.stringContaining('config set proxy URL') }
    })
    const catalog = await backend.catalog.list(true)
    expect(catalog.problem).toMatchObject({ code: 'network', message: expect.stringContaining(`through the proxy ${dead}`) })

    const failed = new Promise<DownloadItem>((resolve) => {
      const stop = backend.hub.on('downloads:changed', (items) => {
        const item = items.find((each) => each.quantId === 'BF16' && each.state === 'failed')
        if (item) {
          stop()
          resolve(item)
        }
      })
    })
    expect(await backend.dispatch('downloads:start', { modelId: 'exaone-4.0-1.2b', quantId: 'BF16' })).toMatchObject({ ok: true })
    expect((await failed).error).toMatchObject({ code: 'network', message: expect.stringContaining(`through the proxy ${dead}`) })
    await backend.dispatch('settings:update', { proxy: '' })
  })
})

describe('the proxy from the command line', () => {
  it('config set proxy saves it (the password masked when shown), and an empty one falls back to HTTPS_PROXY / HTTP_PROXY and NO_PROXY', async () => {
    const homes: string[] = []
    // A fresh data folder each time: the catalog asks Hugging Face again only once its saved listing is a day old.
    const run = async (args: string[], extra: Record<string, string> = {}, home?: string) => {
      const used = home ?? (await mkdtemp(join(tmpdir(), 'exaone-proxy-cli-')))
      homes.push(used)
      return { ...(await runCli(args, { EXAONE_DESKTOP_HOME: used, HF_ENDPOINT: hub.endpoint, HF_TOKEN: '', HTTPS_PROXY: '', HTTP_PROXY: '', NO_PROXY: '', ...extra })), home: used }
    }
    try {
      const bad = await run(['config', 'set', 'proxy', 'proxy:8080'])
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('The proxy must be http:// or https://')
      const saved = await run(['config', 'set', 'proxy', proxy.url])
      expect(saved.code, saved.stderr).toBe(0)
      expect(saved.stderr).toContain('Saved proxy = http://alice:…@127.0.0.1')
      expect((await run(['config', 'get', 'proxy'], {}, saved.home)).stdout).not.toContain('s3cret')

      let before = proxy.tunnels.length
      expect(JSON.parse((await run(['catalog', '--json'], {}, saved.home)).stdout)).toMatchObject({ source: 'online' })
      expect(proxy.tunnels.length).toBeGreaterThan(before)

      before = proxy.tunnels.length
      const fromEnv = await run(['catalog', '--json'], { HTTP_PROXY: proxy.url })
      expect(JSON.parse(fromEnv.stdout)).toMatchObject({ source: 'online' })
      expect(proxy.tunnels.length).toBeGreaterThan(before)

      before = proxy.tunnels.length
      const bypassed = await run(['catalog', '--json'], { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
      expect(JSON.parse(bypassed.stdout)).toMatchObject({ source: 'online' })
      expect(proxy.tunnels.length).toBe(before)
    } finally {
      await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })))
    }
  })
})
