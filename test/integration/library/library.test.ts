/** The library on a real folder: import checks, identification, delete, verify, show, last used, moving the folder. */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../../src/backend/backend'
import { EventHub } from '../../../src/backend/event-hub'
import { LibraryService } from '../../../src/backend/services/library/library-service'
import { ModelsFolder } from '../../../src/backend/services/library/models-folder'
import { resolveModel, type CatalogModel } from '../../../src/shared/catalog/catalog'
import type { ModelEntry } from '../../../src/shared/catalog/models'
import type { LibraryProgress, LibrarySnapshot } from '../../../src/shared/library'
import { EXAONE_3_5_2_4B_SHAPE, EXAONE_4_0_1_2B_SHAPE, exaoneModelSpec, writeCorruptVariants, type ExaoneShape } from '../../fixtures/gguf/exaone-models'
import { gguf, writeGguf } from '../../fixtures/gguf/writer'
import { sha256Of } from '../../helpers/fake-hf-server'

let scratch: string
let library: LibraryService
let snapshots: LibrarySnapshot[]
let shown: string[]
let progress: LibraryProgress[]

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'exaone-library-'))
  const events = new EventHub()
  snapshots = []
  shown = []
  events.on('library:changed', (snapshot) => snapshots.push(snapshot))
  progress = []
  events.on('library:progress', (event) => progress.push(event))
  // A catalog with no exact sizes or sha256 (offline, nothing cached, no built-in figures): a header-only file that
  // says it is LG's comes in as LG's, unverified. The built-in figures and a cached listing are tested below.
  library = new LibraryService({ folder: new ModelsFolder(join(scratch, 'models')), events, showInFolder: (path) => shown.push(path), catalogModel: unlisted })
  await writeFile(join(scratch, 'placeholder'), '')
})
afterEach(() => rm(scratch, { recursive: true, force: true }))

const unlisted = (model: ModelEntry): Promise<CatalogModel> => Promise.resolve(resolveModel({ ...model, knownSizes: {} }))

/** A header with the real model's metadata and one small tensor: identified like the real file, a few KB. */
async function headerOnlyModel(name: string, arch: 'exaone4' | 'exaone', shape: ExaoneShape, options: { generalName?: string; weightType?: 'Q8_0' | 'BF16' } = {}): Promise<string> {
  const spec = exaoneModelSpec(arch, { shape: { ...shape, vocab: 384 }, weightType: options.weightType ?? 'Q8_0', ...(options.generalName !== undefined && { name: options.generalName }) })
  const path = join(scratch, name)
  await writeGguf(path, { metadata: spec.metadata, tensors: [{ name: 'token_embd.weight', dims: [64, 8], type: 'F32', init: { kind: 'constant', value: 0.5 } }] })
  return path
}

/**
 * LG's 1.2B Q8_0 as a header-only file, a library whose catalog has Hugging Face's listing of it (size and sha256),
 * and a look-alike: the same size, one byte of the weights changed (a fine-tune would differ in far more).
 */
async function listedWithLookAlike(): Promise<{ source: string; bytes: Buffer; tuned: string; listed: LibraryService; told: LibraryProgress[] }> {
  const source = await headerOnlyModel('downloaded.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' })
  const bytes = await readFile(source)
  const listing = { revision: 'abc', fetchedAt: new Date().toISOString(), files: [{ path: 'EXAONE-4.0-1.2B-Q8_0.gguf', sizeBytes: bytes.length, sha256: sha256Of(bytes) }] }
  const events = new EventHub()
  const told: LibraryProgress[] = []
  events.on('library:progress', (event) => told.push(event))
  const listed = new LibraryService({ folder: library.folder, events, catalogModel: (model) => Promise.resolve(resolveModel(model, model.repo === 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF' ? listing : undefined)) })
  const tuned = join(scratch, 'EXAONE-4.0-1.2B-tuned-Q8_0.gguf')
  const changed = Buffer.from(bytes)
  changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0xff
  await writeFile(tuned, changed)
  return { source, bytes, tuned, listed, told }
}

describe('library', () => {
  it('imports a copy, identified from its header, and records its sha256', async () => {
    const source = await headerOnlyModel('my-download.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' })
    const installed = await library.import(source, false)
    expect(installed).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', source: 'import', check: 'unverified', revision: null })
    expect(installed.path).toBe(join(library.folder.path, 'EXAONE-4.0-1.2B-Q8_0.gguf'))
    expect(installed.files[0]?.sha256).toBe(sha256Of(await readFile(source)))
    // Each step of the copy is told as it starts and once it is through the file.
    const size = installed.files[0]?.sizeBytes ?? 0
    const told = (step: LibraryProgress['step']): number[] => progress.filter((event) => event.step === step).map((event) => event.doneBytes)
    expect(progress.every((event) => event.task === 'import' && event.source === source && event.part === 1 && event.parts === 1 && event.totalBytes === size)).toBe(true)
    expect([told('copying').at(0), told('copying').at(-1), told('verifying').at(0), told('verifying').at(-1), told('checking')]).toEqual([0, size, 0, size, []])
    expect(existsSync(source)).toBe(true)
    expect(snapshots.at(-1)?.installed).toHaveLength(1)
    await expect(library.import(source, false)).rejects.toMatchObject({ code: 'already-installed' })
  })

  it("takes a file named like one of LG's for a custom model when its size is not the one LG's file has", async () => {
    // The built-in figures know LG's 1.2B Q8_0 to the byte: a fine-tune or another quantisation of the same shape,
    // named after it, is not that file.
    const builtIn = new LibraryService({ folder: library.folder })
    const source = await headerOnlyModel('EXAONE-4.0-1.2B-Q8_0.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' })
    const installed = await builtIn.import(source, false)
    expect(installed).toMatchObject({ modelId: 'custom:exaone-4.0-1.2b', modelName: 'EXAONE 4.0 1.2B', quantId: 'Q8_0', check: 'unverified' })
    expect(installed.path).toBe(join(library.folder.path, 'EXAONE-4.0-1.2B-Q8_0.gguf'))
    expect((await builtIn.find('exaone-4.0-1.2b', 'Q8_0'))).toBeNull()
  })

  it("verifies a file against Hugging Face's listing, and takes one with the same size and other bytes for a custom model", async () => {
    const { source, bytes, tuned, listed, told } = await listedWithLookAlike()
    expect(await listed.import(tuned, true)).toMatchObject({ modelId: 'custom:exaone-4.0-1.2b', check: 'unverified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-tuned-Q8_0.gguf') })
    told.length = 0
    const official = await listed.import(source, true)
    // Hashed once to compare with Hugging Face's sha256, then moved with one rename: nothing more is read.
    expect(told.map((event) => [event.step, event.doneBytes])).toEqual([['checking', 0], ['checking', bytes.length]])
    expect(official).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', check: 'verified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-Q8_0.gguf') })
    expect(official.files[0]?.sha256).toBe(sha256Of(bytes))
    expect((await listed.verify({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }))[0]?.check).toBe('verified')
  })

  it("hashes a copied file while copying it to tell LG's from a look-alike, and a second copy of LG's before copying", async () => {
    const { source, bytes, tuned, listed, told } = await listedWithLookAlike()
    const steps = (): Array<[string, number]> => told.map((event) => [event.step, event.doneBytes])
    const copiedOnce: Array<[string, number]> = [['copying', 0], ['copying', bytes.length], ['verifying', 0], ['verifying', bytes.length]]
    // The look-alike is copied under LG's name, then given its own when its sha256 differs.
    // While LG's file is being downloaded (its resume state and `.part` in the folder), a file is hashed first: LG's
    // own is refused before a byte is copied, a look-alike comes in under its own name, the download left alone.
    await mkdir(library.folder.downloadsFolder, { recursive: true })
    const state = join(library.folder.downloadsFolder, 'exaone-4.0-1.2b@Q8_0.json')
    await writeFile(state, '{}')
    await writeFile(library.folder.part('EXAONE-4.0-1.2B-Q8_0.gguf'), 'half a download')
    await expect(listed.import(source, false)).rejects.toMatchObject({ code: 'downloading', message: expect.stringContaining('EXAONE 4.0 1.2B Q8_0 is being downloaded') })
    expect(steps()).toEqual([['checking', 0], ['checking', bytes.length]])
    told.length = 0
    expect(await listed.import(tuned, false)).toMatchObject({ modelId: 'custom:exaone-4.0-1.2b', check: 'unverified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-tuned-Q8_0.gguf') })
    expect(steps()).toEqual([['checking', 0], ['checking', bytes.length], ...copiedOnce])
    expect(await readFile(library.folder.part('EXAONE-4.0-1.2B-Q8_0.gguf'), 'utf8')).toBe('half a download')
    // The download cancelled: the look-alike again, now hashed while it is copied.
    await rm(state)
    await rm(library.folder.part('EXAONE-4.0-1.2B-Q8_0.gguf'))
    await listed.delete({ modelId: 'custom:exaone-4.0-1.2b', quantId: 'Q8_0' })
    told.length = 0
    expect(await listed.import(tuned, false)).toMatchObject({ modelId: 'custom:exaone-4.0-1.2b', check: 'unverified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-tuned-Q8_0.gguf') })
    expect(steps()).toEqual(copiedOnce)
    told.length = 0
    // LG's own: read once while copying (no hash before), and verified.
    const official = await listed.import(source, false)
    expect(steps()).toEqual(copiedOnce)
    expect(official).toMatchObject({ modelId: 'exaone-4.0-1.2b', check: 'verified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-Q8_0.gguf') })
    expect(official.files[0]?.sha256).toBe(sha256Of(bytes))
    // Nothing else left beside them: no copy under LG's name for the look-alike, no .part.
    expect((await readdir(library.folder.path)).filter((name) => name.startsWith('EXAONE')).sort()).toEqual(['EXAONE-4.0-1.2B-Q8_0.gguf', 'EXAONE-4.0-1.2B-tuned-Q8_0.gguf'])
    told.length = 0
    // With LG's installed, another copy of it is hashed first and refused without a byte copied.
    await expect(listed.import(source, false)).rejects.toMatchObject({ code: 'already-installed', message: expect.stringContaining('EXAONE 4.0 1.2B Q8_0 is already installed') })
    expect(steps()).toEqual([['checking', 0], ['checking', bytes.length]])
  })

  it("uses the backend's cached Hugging Face listing to verify an import", async () => {
    const source = await headerOnlyModel('downloaded.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' })
    const bytes = await readFile(source)
    const home = join(scratch, 'home')
    await mkdir(home)
    const listing = { revision: 'abc', fetchedAt: new Date().toISOString(), files: [{ path: 'EXAONE-4.0-1.2B-Q8_0.gguf', sizeBytes: bytes.length, sha256: sha256Of(bytes) }] }
    await writeFile(join(home, 'catalog-cache.json'), JSON.stringify({ version: 1, repos: { 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF': listing } }))
    const backend = await createBackend({ dataDir: home, version: '0.0.0' })
    try {
      expect(await backend.modelFiles.library.import(source, false)).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', check: 'verified' })
    } finally {
      await backend.dispose()
    }
  })

  it('moves instead of copying with --move, and tells 3.5 from Deep by name', async () => {
    const source = await headerOnlyModel('EXAONE-Deep-2.4B-BF16.gguf', 'exaone', EXAONE_3_5_2_4B_SHAPE, { generalName: '', weightType: 'BF16' })
    const installed = await library.import(source, true)
    expect(installed).toMatchObject({ modelId: 'exaone-deep-2.4b', quantId: 'BF16' })
    expect(existsSync(source)).toBe(false)
    const unnamed = await headerOnlyModel('model.gguf', 'exaone', EXAONE_3_5_2_4B_SHAPE, { generalName: '' })
    // Neither name says which of the two it is: it comes in as a custom model, named by its file.
    expect(await library.import(unnamed, false)).toMatchObject({ modelId: 'custom:model', modelName: 'model', quantId: 'Q8_0' })
  })

  it('imports a split set whole by its first part, each part checked, and says which part is missing or wanted', async () => {
    // As llama.cpp's gguf-split writes them: the model's metadata in part 1, each part with its own tensors.
    const spec = exaoneModelSpec('exaone4', { shape: { ...EXAONE_4_0_1_2B_SHAPE, vocab: 384 }, weightType: 'BF16', name: 'EXAONE 4.0 1.2B' })
    const split = { 'split.count': gguf.u32(2), 'split.tensors.count': gguf.i32(2) }
    const part = (index: number): string => join(scratch, `downloaded-BF16-0000${index}-of-00002.gguf`)
    const tensor = (name: string) => ({ name, dims: [64, 8], type: 'F32' as const, init: { kind: 'constant' as const, value: 0.5 } })
    await writeGguf(part(1), { metadata: { ...spec.metadata, ...split, 'split.no': gguf.u32(0) }, tensors: [tensor('token_embd.weight')] })
    await expect(library.import(part(1), false)).rejects.toMatchObject({
      code: 'bad-model',
      message: `downloaded-BF16-00001-of-00002.gguf is the first of 2 parts of one model, and downloaded-BF16-00002-of-00002.gguf is not beside it in ${scratch}.`,
      hint: expect.stringContaining('Put every part in the same folder')
    })
    await writeGguf(part(2), { metadata: { ...split, 'split.no': gguf.u32(1) }, tensors: [tensor('output_norm.weight')] })
    await expect(library.import(part(2), false)).rejects.toMatchObject({ message: 'downloaded-BF16-00002-of-00002.gguf is part 2 of a model split into 2 files.', hint: expect.stringContaining('downloaded-BF16-00001-of-00002.gguf') })

    // A cut-off later part is found before anything is copied.
    const whole = await readFile(part(2))
    await writeFile(part(2), whole.subarray(0, whole.length - 100))
    await expect(library.import(part(1), false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/00002-of-00002\.gguf is incomplete/) })
    expect((await library.snapshot()).installed).toEqual([])

    await writeFile(part(2), whole)
    const installed = await library.import(part(1), false)
    expect(installed).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'BF16', check: 'unverified', path: join(library.folder.path, 'EXAONE-4.0-1.2B-BF16-00001-of-00002.gguf') })
    expect(installed.files.map((file) => [file.name, file.sha256])).toEqual([
      ['EXAONE-4.0-1.2B-BF16-00001-of-00002.gguf', sha256Of(await readFile(part(1)))],
      ['EXAONE-4.0-1.2B-BF16-00002-of-00002.gguf', sha256Of(whole)]
    ])
    expect(installed.sizeBytes).toBe((await readFile(part(1))).length + whole.length)
  })

  it.each([
    ['a copy', false, () => scratch],
    ['a move on one volume (renames)', true, () => scratch],
    ['a move from another volume (copies, then deletes)', true, () => join('/dev/shm', `exaone-import-${process.pid}-${Date.now()}`)]
  ])('stops %s of a split set when asked, at its second part, leaving the folder and the sources as they were', async (_name, move, where) => {
    const from = where()
    if (from.startsWith('/dev/shm') && !existsSync('/dev/shm')) return
    await mkdir(from, { recursive: true })
    try {
      const spec = exaoneModelSpec('exaone4', { shape: { ...EXAONE_4_0_1_2B_SHAPE, vocab: 384 }, weightType: 'BF16', name: 'EXAONE 4.0 1.2B' })
      const split = { 'split.count': gguf.u32(2), 'split.tensors.count': gguf.i32(2) }
      const part = (index: number): string => join(from, `downloaded-BF16-0000${index}-of-00002.gguf`)
      const tensor = (name: string) => ({ name, dims: [64, 8], type: 'F32' as const, init: { kind: 'constant' as const, value: 0.5 } })
      await writeGguf(part(1), { metadata: { ...spec.metadata, ...split, 'split.no': gguf.u32(0) }, tensors: [tensor('token_embd.weight')] })
      await writeGguf(part(2), { metadata: { ...split, 'split.no': gguf.u32(1) }, tensors: [tensor('output_norm.weight')] })
      const sources = [sha256Of(await readFile(part(1))), sha256Of(await readFile(part(2)))]
      // The second part's first step starts: part 1 is in the folder by now, as a copy or renamed.
      const events = new EventHub()
      const stopping = new LibraryService({ folder: library.folder, events, catalogModel: unlisted })
      let stopped = 0
      events.on('library:progress', (event) => {
        if (event.part === 2 && stopped === 0) stopped = stopping.cancelImports()
      })
      await expect(stopping.import(part(1), move)).rejects.toMatchObject({ code: 'cancelled', message: expect.stringContaining('the models folder is as it was') })
      expect(stopped).toBe(1)
      expect(await readdir(library.folder.path)).toEqual([])
      expect([sha256Of(await readFile(part(1))), sha256Of(await readFile(part(2)))]).toEqual(sources)
      expect((await stopping.snapshot()).installed).toEqual([])
      expect(stopping.cancelImports()).toBe(0)

      // Not stopped, the same import goes through; a move leaves no source behind.
      await stopping.import(part(1), move)
      expect((await readdir(library.folder.path)).filter((name) => name.endsWith('.gguf')).sort()).toEqual(['EXAONE-4.0-1.2B-BF16-00001-of-00002.gguf', 'EXAONE-4.0-1.2B-BF16-00002-of-00002.gguf'])
      expect([existsSync(part(1)), existsSync(part(2))]).toEqual([!move, !move])
    } finally {
      if (from !== scratch) await rm(from, { recursive: true, force: true })
    }
  })

  it('refuses files that are not GGUF EXAONE models, saying why', async () => {
    const bad = await writeCorruptVariants(scratch)
    await expect(library.import(bad.notGguf, false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/not a GGUF model file/) })
    await expect(library.import(bad.ggufV1, false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/GGUF version 1/) })
    await expect(library.import(bad.unknownArchitecture, false)).rejects.toMatchObject({ code: 'not-exaone', message: expect.stringMatching(/"notamodel" model, not EXAONE/) })
    await expect(library.import(bad.truncated, false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/incomplete/) })
    const v2 = join(scratch, 'v2.gguf')
    await writeFile(v2, Buffer.from([0x47, 0x47, 0x55, 0x46, 2, 0, 0, 0, ...new Array(24).fill(0)]))
    // llama.cpp reads GGUF v2, so a v2 header is not refused for its version; this one has no model in it.
    await expect(library.import(v2, false)).rejects.toMatchObject({ code: 'not-exaone' })
    expect((await library.snapshot()).installed).toEqual([])
  })

  it('verifies installed files again, and notices changed or missing bytes', async () => {
    const installed = await library.import(await headerOnlyModel('a.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' }), false)
    expect((await library.verify())[0]?.check).toBe('unverified')
    const bytes = await readFile(installed.path)
    bytes[100] = (bytes[100] ?? 0) ^ 0xff
    await writeFile(installed.path, bytes)
    expect((await library.verify({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }))[0]?.check).toBe('mismatch')
    await rm(installed.path)
    expect((await library.snapshot()).installed[0]?.check).toBe('missing')
  })

  it('deletes only inside the models folder, shows files, and records when a model was used', async () => {
    const installed = await library.import(await headerOnlyModel('a.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' }), false)
    expect(await library.show({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })).toEqual({ path: installed.path, shown: true })
    expect(shown).toEqual([installed.path])
    expect((await library.snapshot()).installed[0]?.lastUsedAt).toBeNull()
    await library.markUsed({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })
    expect((await library.snapshot()).installed[0]?.lastUsedAt).toMatch(/^\d{4}-/)

    // A record whose file name climbs out of the folder (a hand-edited library.json) is refused, file untouched.
    const outside = join(scratch, 'placeholder')
    await library.records.change((records) => records.map((record) => ({ ...record, files: [{ ...record.files[0]!, name: '../placeholder' }] })))
    await expect(library.delete({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/outside the models folder/) })
    expect(existsSync(outside)).toBe(true)
    await library.records.change((records) => records.map((record) => ({ ...record, files: [{ ...record.files[0]!, name: 'EXAONE-4.0-1.2B-Q8_0.gguf' }] })))
    const after = await library.delete({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })
    expect(after.installed).toEqual([])
    expect(existsSync(installed.path)).toBe(false)
  })

  it.each([
    ['on the same volume (one rename)', () => join(scratch, 'moved', 'models')],
    ['to another volume (copy, verify, delete)', () => join('/dev/shm', `exaone-moved-${process.pid}-${Date.now()}`)]
  ])('moves the models folder %s', async (_label, destination) => {
    const target = destination()
    if (target.startsWith('/dev/shm') && !existsSync('/dev/shm')) return
    try {
      const installed = await library.import(await headerOnlyModel('a.gguf', 'exaone4', EXAONE_4_0_1_2B_SHAPE, { generalName: 'EXAONE 4.0 1.2B' }), false)
      await writeFile(join(library.folder.path, 'other.gguf.part'), Buffer.alloc(1000))
      const before = await readFile(installed.path)
      const snapshot = await library.move(target)
      expect(snapshot.folder).toBe(target)
      expect(snapshot.partialBytes).toBe(1000)
      expect(snapshot.installed[0]).toMatchObject({ path: join(target, 'EXAONE-4.0-1.2B-Q8_0.gguf'), check: 'unverified' })
      expect(await readFile(join(target, 'EXAONE-4.0-1.2B-Q8_0.gguf'))).toEqual(before)
      expect(existsSync(join(scratch, 'models'))).toBe(false)
      // Across volumes each file is copied and read back, and the windows hear it; one rename tells nothing.
      const moved = progress.filter((event) => event.task === 'move')
      if (target.startsWith('/dev/shm')) {
        const model = moved.filter((event) => event.source === 'EXAONE-4.0-1.2B-Q8_0.gguf').map((event) => [event.step, event.doneBytes])
        expect(model).toEqual([['copying', 0], ['copying', before.length], ['verifying', 0], ['verifying', before.length]])
        expect(new Set(moved.map((event) => event.parts))).toEqual(new Set([3]))
      } else expect(moved).toEqual([])
      await expect(library.move(join(target, 'inside'))).rejects.toMatchObject({ code: 'bad-request' })
    } finally {
      await rm(target, { recursive: true, force: true })
    }
  })

  it('refuses to move into the folder around it or into a folder that is not empty', async () => {
    await expect(library.move(scratch)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/contains it/) })
    const busy = join(scratch, 'busy')
    await mkdir(busy)
    await writeFile(join(busy, 'notes.txt'), 'mine')
    await expect(library.move(busy)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/not empty/) })
    expect(await readFile(join(busy, 'notes.txt'), 'utf8')).toBe('mine')
  })
})
