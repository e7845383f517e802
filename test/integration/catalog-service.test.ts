// The catalog service against a real HTTP server on 127.0.0.1 that answers like the Hugging Face API:
// revision lookup, a paginated tree listing (Link header), a repo that wants a token, and no server at all.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog } from '../../src/shared/catalog/catalog'
import { EventHub } from '../../src/backend/event-hub'
import { CatalogService } from '../../src/backend/services/catalog/catalog-service'
import { listRepo, nextPage } from '../../src/backend/services/catalog/hugging-face-tree'
import { closedPort } from '../helpers/closed-port'

const commit = 'f'.repeat(40)
const smallRepo = 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF'
const largeRepo = 'LGAI-EXAONE/EXAONE-4.0-32B-GGUF'
const gatedRepo = 'LGAI-EXAONE/EXAONE-Deep-2.4B-GGUF'
const lfs = (path: string, size: number, oid: string) => ({ type: 'file', path, size: 135, oid: 'git-blob', lfs: { oid, size, pointerSize: 135 } })
const trees: Record<string, unknown[]> = {
  [smallRepo]: [
    { type: 'file', path: 'README.md', size: 4000, oid: 'x' },
    lfs('EXAONE-4.0-1.2B-Q4_K_M.gguf', 812_437_792, 'a'.repeat(64)),
    lfs('EXAONE-4.0-1.2B-Q8_0.gguf', 1_363_939_616, 'cc0b2a3f447e134cafd2853104d06227122cc280f4c9fee8c90172066174ef04'),
    lfs('EXAONE-4.0-1.2B-BF16.gguf', 2_562_000_000, 'b'.repeat(64))
  ],
  [largeRepo]: [
    { type: 'directory', path: 'split', size: 0, oid: 'y' },
    lfs('EXAONE-4.0-32B-Q4_K_M.gguf', 19_340_000_000, 'c'.repeat(64)),
    lfs('EXAONE-4.0-32B-BF16-00001-of-00002.gguf', 33_010_000_000, 'd'.repeat(64)),
    lfs('EXAONE-4.0-32B-BF16-00002-of-00002.gguf', 31_060_000_000, 'e'.repeat(64))
  ]
}
const pageSize = 2
const requests: string[] = []

let server: Server
let endpoint: string
let home: string

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    requests.push(`${url.pathname}${url.search}`)
    const match = /^\/api\/models\/(.+)\/(revision|tree)\/([^/]+)$/.exec(url.pathname)
    const repo = match?.[1] ?? ''
    if (repo === gatedRepo) return void response.writeHead(401).end('{"error":"Invalid credentials"}')
    if (!match || !trees[repo]) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Repository not found"}')
    if (match[2] === 'revision') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: repo, sha: commit }))
    if (match[3] !== commit || url.searchParams.get('recursive') !== 'true') return void response.writeHead(400).end()
    const start = Number(url.searchParams.get('cursor') ?? 0)
    const entries = trees[repo]!
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (start + pageSize < entries.length) headers.link = `<${endpoint}${url.pathname}?recursive=true&cursor=${start + pageSize}>; rel="next"`
    response.writeHead(200, headers).end(JSON.stringify(entries.slice(start, start + pageSize)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

afterEach(async () => {
  requests.length = 0
  if (home) await rm(home, { recursive: true, force: true })
})

async function freshHome(): Promise<string> {
  home = await mkdtemp(join(tmpdir(), 'exaone-catalog-'))
  return join(home, 'catalog-cache.json')
}

const quantOf = (catalog: Catalog, modelId: string, quantId: string) =>
  catalog.models.find((model) => model.id === modelId)!.quants.find((quant) => quant.id === quantId)!

describe('catalog service', () => {
  it('lists every page of a repo, pins the revision, takes exact sizes and sha256, and caches them', async () => {
    const cachePath = await freshHome()
    const hub = new EventHub()
    const updates: Catalog[] = []
    hub.on('catalog:updated', (catalog) => updates.push(catalog))
    const service = new CatalogService({ cachePath, hubOptions: async () => ({ endpoint }), hub })

    const catalog = await service.list(true)
    expect(catalog.source).toBe('online')
    expect(updates).toHaveLength(1)
    expect(requests.filter((path) => path.includes(`${largeRepo}/tree/${commit}`))).toEqual([
      `/api/models/${largeRepo}/tree/${commit}?recursive=true`,
      `/api/models/${largeRepo}/tree/${commit}?recursive=true&cursor=2`
    ])
    const small = catalog.models.find((model) => model.id === 'exaone-4.0-1.2b')!
    expect(small.revision).toBe(commit)
    expect(quantOf(catalog, 'exaone-4.0-1.2b', 'Q4_K_M')).toMatchObject({ sizeBytes: 812_437_792, sizeSource: 'exact', inRepo: true, files: [{ sha256: 'a'.repeat(64) }] })
    expect(quantOf(catalog, 'exaone-4.0-1.2b', 'Q6_K')).toMatchObject({ inRepo: false })
    // Split parts arrive on different pages and are still joined, part 1 first.
    expect(quantOf(catalog, 'exaone-4.0-32b', 'BF16')).toMatchObject({
      sizeBytes: 64_070_000_000,
      files: [{ name: 'EXAONE-4.0-32B-BF16-00001-of-00002.gguf' }, { name: 'EXAONE-4.0-32B-BF16-00002-of-00002.gguf' }]
    })
    // Repos the server does not know stay approximate; the first problem is kept to show.
    expect(quantOf(catalog, 'exaone-3.5-32b', 'Q4_K_M')).toMatchObject({ sizeSource: 'listed', inRepo: null })
    expect(catalog.problem?.message).toBe('Hugging Face has no repository LGAI-EXAONE/EXAONE-4.5-33B-GGUF.')

    const saved = JSON.parse(await readFile(cachePath, 'utf8')) as { repos: Record<string, { revision: string }> }
    expect(Object.keys(saved.repos).sort()).toEqual([smallRepo, largeRepo])
    expect(saved.repos[smallRepo]?.revision).toBe(commit)
  })

  it('says a gated repo needs a token', async () => {
    const gated = await listRepo(gatedRepo, { endpoint }).catch((error: unknown) => error)
    expect(gated).toMatchObject({ code: 'token-required', message: `${gatedRepo} needs a Hugging Face token (the server answered 401).`, hint: expect.stringContaining('HF_TOKEN') })
  })

  it('answers at once from the cache when Hugging Face cannot be reached, and keeps the exact sizes', async () => {
    const cachePath = await freshHome()
    await new CatalogService({ cachePath, hubOptions: async () => ({ endpoint }) }).list(true)
    const refused = await closedPort()
    const hub = new EventHub()
    const updated = new Promise<Catalog>((resolve) => hub.on('catalog:updated', resolve))
    // A day-old listing is due for a check: the answer comes now, the check's result as an event.
    const offline = new CatalogService({ cachePath, hubOptions: async () => ({ endpoint: refused }), hub, maxAgeMs: 0 })
    const first = await offline.list()
    expect(first).toMatchObject({ source: 'cache', checking: true })
    expect(quantOf(first, 'exaone-4.0-1.2b', 'Q4_K_M').sizeSource).toBe('exact')
    const after = await updated
    expect(after).toMatchObject({ source: 'cache', checking: false, problem: { message: expect.stringContaining('the connection was refused') } })
    expect(quantOf(after, 'exaone-4.0-32b', 'Q4_K_M').sizeSource).toBe('exact')
  })

  it('starts a check of its own only once the calls being answered are, and says one is coming meanwhile', async () => {
    const refused = await closedPort()
    const hub = new EventHub()
    const updated = new Promise<Catalog>((resolve) => hub.on('catalog:updated', resolve))
    let asked = 0
    let answered!: () => void
    const callsAnswered = new Promise<void>((resolve) => (answered = resolve))
    const service = new CatalogService({ cachePath: await freshHome(), hubOptions: async () => (asked++, { endpoint: refused }), hub, callsAnswered: () => callsAnswered })
    expect(await service.list()).toMatchObject({ source: 'built-in', checking: true })
    expect(await service.list()).toMatchObject({ checking: true })
    expect(asked).toBe(0)
    answered()
    expect(await updated).toMatchObject({ checking: false, problem: { message: expect.stringContaining('the connection was refused') } })
    expect(asked).toBe(1)
  })

  it('falls back to approximate figures with no cache and no server, without crashing', async () => {
    const service = new CatalogService({ cachePath: await freshHome(), hubOptions: async () => ({ endpoint: await closedPort() }) })
    const catalog = await service.list(true)
    expect(catalog.source).toBe('built-in')
    expect(catalog.problem).toMatchObject({ message: expect.stringMatching(/^Could not reach Hugging Face \(127\.0\.0\.1:\d+\): the connection was refused\.$/), hint: expect.stringContaining('HF_ENDPOINT') })
    expect(catalog.models.every((model) => model.quants.every((quant) => quant.sizeSource !== 'exact' && quant.sizeBytes > 0))).toBe(true)
  })

  it('reads the next page from a Link header, absolute or relative', () => {
    expect(nextPage('<https://hf.co/api/x?cursor=2>; rel="next"', 'https://hf.co/api/x')).toBe('https://hf.co/api/x?cursor=2')
    expect(nextPage('</api/x?cursor=3>; rel="next", </api/x>; rel="first"', 'https://hf-mirror.com/api/x')).toBe('https://hf-mirror.com/api/x?cursor=3')
    expect(nextPage(null, 'https://hf.co/api/x')).toBeNull()
  })
})

