/** The download queue against a fake Hugging Face on 127.0.0.1: the happy path, pinning, tokens, split files. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { exaoneCommit, fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'
import { openSetup, type Setup } from './setup'

const modelId = 'exaone-4.0-1.2b'
let files: FakeExaoneFiles
let server: FakeHub
let setup: Setup

beforeAll(async () => {
  files = await makeFakeExaoneFiles()
  server = await startFakeHub({ repos: [fakeExaoneRepo(files, 'hf_secret')], pageSize: 2 })
})
afterAll(() => server.close())
afterEach(() => setup?.dispose())

async function download(quantId: 'Q8_0' | 'BF16', token = 'hf_secret'): Promise<Setup> {
  setup = await openSetup(server.endpoint, { token })
  await setup.licences.accept(modelId)
  const item = await setup.downloads.start(modelId, quantId)
  await setup.downloads.finished(item.id)
  return setup
}

describe('downloads', () => {
  it('installs a verified file fetched at the pinned commit, with the token sent to the hub only', async () => {
    server.requests.length = 0
    const { folder, library, snapshots } = await download('Q8_0')
    const installed = await readFile(join(folder.path, 'EXAONE-4.0-1.2B-Q8_0.gguf'))
    expect(sha256Of(installed)).toBe(sha256Of(files.q8))
    const [record] = (await library.snapshot()).installed
    expect(record).toMatchObject({ modelId, quantId: 'Q8_0', check: 'verified', revision: exaoneCommit, source: 'download', sizeBytes: files.q8.length })

    const resolves = server.requests.filter((request) => request.path.includes('/resolve/'))
    expect(resolves.length).toBeGreaterThan(0)
    expect(resolves.every((request) => request.path.includes(`/resolve/${exaoneCommit}/`))).toBe(true)
    expect(server.requests.filter((request) => request.server === 'hub').every((request) => request.authorization === 'Bearer hf_secret')).toBe(true)
    const cdn = server.requests.filter((request) => request.server === 'cdn')
    expect(cdn.length).toBeGreaterThan(0)
    expect(cdn.every((request) => request.authorization === undefined)).toBe(true)

    // Nothing half-done is left, and progress was reported along the way.
    expect((await readdir(folder.path)).filter((name) => name.endsWith('.part'))).toEqual([])
    expect(await readdir(folder.downloadsFolder)).toEqual([])
    expect(snapshots.some((items) => items[0]?.state === 'downloading')).toBe(true)
    expect(snapshots.at(-1)).toEqual([])
  })

  it('downloads every part of a split quantisation as one item', async () => {
    const { folder, library } = await download('BF16')
    for (const [index, part] of files.bf16Parts.entries()) {
      const name = `EXAONE-4.0-1.2B-BF16-0000${index + 1}-of-00002.gguf`
      expect(sha256Of(await readFile(join(folder.path, name)))).toBe(sha256Of(part))
    }
    const [record] = (await library.snapshot()).installed
    expect(record?.files.map((file) => file.name)).toEqual(['EXAONE-4.0-1.2B-BF16-00001-of-00002.gguf', 'EXAONE-4.0-1.2B-BF16-00002-of-00002.gguf'])
    expect(record?.sizeBytes).toBe(files.bf16Parts[0].length + files.bf16Parts[1].length)
  })

  it('refuses to start before the licence is accepted', async () => {
    setup = await openSetup(server.endpoint, { token: 'hf_secret' })
    await expect(setup.downloads.start(modelId, 'Q8_0')).rejects.toMatchObject({ code: 'licence-required' })
    const status = await setup.licences.status(modelId)
    expect(status).toMatchObject({ acceptedAt: null, commercialUse: false, licenceName: expect.stringMatching(/NC/) })
    expect((await setup.licences.accept(modelId)).acceptedAt).toMatch(/^\d{4}-/)
    const recorded = JSON.parse(await readFile(join(setup.home, 'licences.json'), 'utf8')) as { accepted: Record<string, { licence: string }> }
    expect(recorded.accepted[modelId]?.licence).toBe(status.licenceName)
  })

  it('says a Hugging Face token is needed when the hub answers 401', async () => {
    setup = await openSetup(server.endpoint)
    await setup.licences.accept(modelId)
    const item = await setup.downloads.start(modelId, 'Q8_0')
    const failure = await setup.downloads.finished(item.id).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AppError)
    expect(failure).toMatchObject({ code: 'token-required', message: expect.stringMatching(/needs a Hugging Face token/) })
    expect(setup.downloads.list()[0]).toMatchObject({ state: 'failed', error: { code: 'token-required' } })
  })

  it('refuses a second download of what is installed', async () => {
    const { downloads } = await download('Q8_0')
    await expect(downloads.start(modelId, 'Q8_0')).rejects.toMatchObject({ code: 'already-installed' })
  })
})
