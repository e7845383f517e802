/** Network trouble a real download meets, each switched on in the fake Hugging Face: the queue rides it out. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ModelFilesOptions } from '../../../src/backend/services/model-files'
import type { DownloadItem } from '../../../src/shared/downloads'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'
import { openSetup, type Setup } from './setup'

const modelId = 'exaone-4.0-1.2b'
const fileName = 'EXAONE-4.0-1.2B-Q8_0.gguf'
let files: FakeExaoneFiles
let server: FakeHub
let setup: Setup

beforeAll(async () => {
  files = await makeFakeExaoneFiles()
  server = await startFakeHub({ repos: [fakeExaoneRepo(files)] })
})
afterAll(() => server.close())
afterEach(async () => {
  await setup?.dispose()
  server.setRate(null)
})

async function start(queue?: ModelFilesOptions['queue']): Promise<{ id: string; finished: Promise<void> }> {
  server.requests.length = 0
  setup = await openSetup(server.endpoint, { ...(queue && { queue }) })
  await setup.licences.accept(modelId)
  const { id } = await setup.downloads.start(modelId, 'Q8_0')
  return { id, finished: setup.downloads.finished(id) }
}

const installedHash = async (): Promise<string> => sha256Of(await readFile(join(setup.folder.path, fileName)))
const retries = (): Array<NonNullable<DownloadItem['retry']>> => setup.snapshots.flatMap((items) => items.flatMap((item) => (item.retry ? [item.retry] : [])))
const servedBefore = (): number => server.bytesServed(fileName)

describe('download faults', () => {
  it('carries on with a Range request after the connection is reset mid-body', async () => {
    const before = servedBefore()
    server.fail({ kind: 'reset', afterBytes: 1_500_000 })
    await (await start()).finished
    expect(await installedHash()).toBe(sha256Of(files.q8))
    const ranges = server.requests.filter((request) => request.server === 'cdn' && request.range)
    expect(ranges.map((request) => request.range)).toEqual([expect.stringMatching(/^bytes=\d+-$/)])
    // A reset throws away what was still in flight; everything that reached the disk was asked for once.
    const resumedAt = Number(/\d+/.exec(ranges[0]?.range ?? '')?.[0])
    expect(resumedAt).toBeGreaterThan(0)
    expect(servedBefore() - before).toBe(files.q8.length + (1_500_000 - resumedAt))
    expect(retries()[0]?.reason).toBe('network')
  })

  it('retries 500s with backoff', async () => {
    server.fail({ kind: 'status', status: 500 }, 2)
    await (await start()).finished
    expect(await installedHash()).toBe(sha256Of(files.q8))
    expect(retries().map((retry) => retry.reason)).toEqual(expect.arrayContaining(['server']))
    expect(server.requests.filter((request) => request.server === 'cdn' && request.status === 500)).toHaveLength(2)
  })

  it('waits as long as a 429 Retry-After asks', async () => {
    server.fail({ kind: 'status', status: 429, retryAfterSeconds: 1 })
    const began = Date.now()
    await (await start()).finished
    expect(Date.now() - began).toBeGreaterThanOrEqual(950)
    expect(retries().find((retry) => retry.reason === 'rate-limited')?.inSeconds).toBe(1)
    expect(await installedHash()).toBe(sha256Of(files.q8))
  })

  it('aborts a stalled transfer and says "stalled" while it retries', async () => {
    server.fail({ kind: 'stall', afterBytes: 1_000_000 })
    await (await start()).finished
    expect(retries()[0]?.reason).toBe('stalled')
    expect(setup.snapshots.some((items) => items[0]?.state === 'retrying')).toBe(true)
    expect(await installedHash()).toBe(sha256Of(files.q8))
  })

  it('asks the hub for a fresh link when the CDN says the signed one expired', async () => {
    server.fail({ kind: 'expired-link' })
    await (await start()).finished
    expect(server.requests.filter((request) => request.server === 'cdn').map((request) => request.status)).toEqual([403, 200])
    expect(server.requests.filter((request) => request.path.includes('/resolve/'))).toHaveLength(2)
    expect(await installedHash()).toBe(sha256Of(files.q8))
  })

  it('reports damaged bytes as a checksum error and keeps nothing that looks installed', async () => {
    server.fail({ kind: 'wrong-bytes' })
    const { finished } = await start()
    await expect(finished).rejects.toMatchObject({ code: 'checksum-mismatch', message: expect.stringMatching(/arrived damaged.*Nothing was installed/) })
    expect((await readdir(setup.folder.path)).filter((name) => name.endsWith('.gguf') || name.endsWith('.part'))).toEqual([])
    expect((await setup.library.snapshot()).installed).toEqual([])
    expect(setup.downloads.list()[0]).toMatchObject({ state: 'failed', error: { code: 'checksum-mismatch' } })
  })

  it('starts the file over when the server ignores Range (200 instead of 206)', async () => {
    const before = servedBefore()
    server.fail({ kind: 'reset', afterBytes: 1_000_000 })
    server.fail({ kind: 'no-range' })
    await (await start()).finished
    expect(await installedHash()).toBe(sha256Of(files.q8))
    expect(servedBefore() - before).toBe(1_000_000 + files.q8.length)
  })

  it('gives up after the last retry with an error the Retry button fixes', async () => {
    server.fail({ kind: 'status', status: 503 }, 5)
    const { id, finished } = await start()
    await expect(finished).rejects.toMatchObject({ code: 'hub-trouble', message: expect.stringMatching(/Gave up after 4 retries/) })
    setup.downloads.resume(id)
    await setup.downloads.finished(id)
    expect(await installedHash()).toBe(sha256Of(files.q8))
  })

  it('says which file Hugging Face does not have (404)', async () => {
    server.fail({ kind: 'status', status: 404, at: 'resolve' })
    const { finished } = await start()
    await expect(finished).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining(fileName) })
  })

  it('reports progress with speed and time left, at most about four times a second', async () => {
    server.setRate(2_500_000)
    const began = performance.now()
    await (await start({ progressIntervalMs: 250 })).finished
    // The download's own duration, not the rate it was paced at: a busy machine is slower, never more chatty.
    const seconds = (performance.now() - began) / 1000
    const downloading = setup.snapshots.map((items) => items[0]).filter((item) => item?.state === 'downloading')
    expect(downloading.some((item) => (item?.bytesPerSecond ?? 0) > 0 && item?.secondsLeft !== null)).toBe(true)
    expect(downloading.length).toBeGreaterThan(1)
    expect(downloading.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 3)
  })
})
