/** Pause, resume, cancel, the limit on items at once, a restart in the middle, and a disk too small. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DownloadItem } from '../../../src/shared/downloads'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'
import { openSetup, type Setup } from './setup'

const modelId = 'exaone-4.0-1.2b'
const q8Name = 'EXAONE-4.0-1.2B-Q8_0.gguf'
let files: FakeExaoneFiles
let server: FakeHub
let setup: Setup

beforeAll(async () => {
  files = await makeFakeExaoneFiles()
  const huge = { repo: 'LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct-GGUF', commit: 'f'.repeat(40), files: [{ name: 'EXAONE-3.5-2.4B-Instruct-Q4_K_M.gguf', path: '/nonexistent', size: 5e15, sha256: 'ab'.repeat(32) }] }
  server = await startFakeHub({ repos: [fakeExaoneRepo(files), huge] })
})
afterAll(() => server.close())
afterEach(async () => {
  server.setRate(null)
  await setup?.dispose()
})

function waitFor(target: Setup, test: (items: DownloadItem[]) => boolean): Promise<DownloadItem[]> {
  return new Promise((resolve) => {
    const stop = target.hub.on('downloads:changed', (items) => {
      if (!test(items)) return
      stop()
      resolve(items)
    })
  })
}
const itemOf = (items: DownloadItem[], quantId: string): DownloadItem | undefined => items.find((item) => item.quantId === quantId)

describe('download queue control', () => {
  it('runs one item at a time when the limit is one; pause lets the next start; cancel deletes its files', async () => {
    server.setRate(3_000_000)
    setup = await openSetup(server.endpoint, { queue: { concurrency: 1 } })
    await setup.licences.accept(modelId)
    const first = await setup.downloads.start(modelId, 'Q8_0')
    const second = await setup.downloads.start(modelId, 'BF16')
    await waitFor(setup, (items) => (itemOf(items, 'Q8_0')?.receivedBytes ?? 0) > 200_000)
    expect(itemOf(setup.downloads.list(), 'BF16')?.state).toBe('queued')

    expect((await setup.downloads.pause(first.id)).state).toBe('paused')
    await waitFor(setup, (items) => (itemOf(items, 'BF16')?.receivedBytes ?? 0) > 100_000)
    await setup.downloads.cancel(second.id)
    expect(setup.downloads.list().map((item) => item.quantId)).toEqual(['Q8_0'])
    expect((await readdir(setup.folder.path)).filter((name) => name.includes('BF16'))).toEqual([])

    server.setRate(null)
    setup.downloads.resume(first.id)
    await setup.downloads.finished(first.id)
    expect(sha256Of(await readFile(join(setup.folder.path, q8Name)))).toBe(sha256Of(files.q8))
  })

  it('comes back after a restart as an interrupted item and resumes without fetching those bytes again', async () => {
    server.setRate(2_000_000)
    const before = server.bytesServed(q8Name)
    setup = await openSetup(server.endpoint)
    await setup.licences.accept(modelId)
    await setup.downloads.start(modelId, 'Q8_0')
    await waitFor(setup, (items) => (items[0]?.receivedBytes ?? 0) > 1_500_000)

    setup = await setup.reopen()
    server.setRate(null)
    const [interrupted] = setup.downloads.list()
    expect(interrupted).toMatchObject({ state: 'paused', interrupted: true, totalBytes: files.q8.length })
    expect(interrupted?.receivedBytes).toBeGreaterThan(1_500_000)
    setup.downloads.resume(interrupted?.id ?? '')
    await setup.downloads.finished(interrupted?.id ?? '')

    expect(setup.snapshots.some((items) => items[0]?.state === 'checking')).toBe(true)
    expect(sha256Of(await readFile(join(setup.folder.path, q8Name)))).toBe(sha256Of(files.q8))
    const lastRange = server.requests.filter((request) => request.server === 'cdn' && request.range).at(-1)?.range
    expect(lastRange).toBe(`bytes=${interrupted?.receivedBytes}-`)
    // Only what was in flight when the app stopped is fetched twice.
    expect(server.bytesServed(q8Name) - before).toBeLessThan(files.q8.length + 300_000)
  })

  it('refuses to start a download the disk cannot hold, saying how much is needed and free', async () => {
    setup = await openSetup(server.endpoint)
    await setup.licences.accept('exaone-3.5-2.4b')
    const { id } = await setup.downloads.start('exaone-3.5-2.4b', 'Q4_K_M')
    await expect(setup.downloads.finished(id)).rejects.toMatchObject({
      code: 'disk-full',
      message: expect.stringMatching(/^Not enough disk: 5,000 TB needed, [\d.,]+ [KMGT]?B free on \//)
    })
  })
})
