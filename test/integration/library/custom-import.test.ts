/**
 * EXAONE GGUFs that are not LG's own (community quantisations, fine-tunes) on a real folder: imported as custom
 * entries described by their header, split sets by their first part, other architectures refused; then loaded and
 * chatted with for real (node-llama-cpp) by their library id, through the engine, the API server (official openai
 * SDK) and the CLI (a real process).
 */
import { spawn } from 'node:child_process'
import { watch } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { readGgufFileInfo } from 'node-llama-cpp'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RequestLog } from '../../../src/backend/api/request-log'
import { startApiServer } from '../../../src/backend/api/server'
import { readGgufWeights } from '../../../src/backend/services/catalog/gguf-weights'
import { customModelOf } from '../../../src/backend/services/library/custom-model'
import type { LibraryService } from '../../../src/backend/services/library/library-service'
import { resolveCatalog } from '../../../src/shared/catalog/catalog'
import { evaluateFit } from '../../../src/shared/fit/advisor'
import { findWhatIfProfile } from '../../../src/shared/hardware-profiles'
import { fitSubject, modelReference } from '../../../src/shared/library-plain'
import { EXAONE_4_0_32B_SHAPE, exaoneModelSpec, TINY_SHAPE, writeTinyExaone4 } from '../../fixtures/gguf/exaone-models'
import { gguf, writeGguf } from '../../fixtures/gguf/writer'
import { runCli } from '../../helpers/cli'
import { makeEngineService, type TestEngine } from '../../helpers/engine-service'
import { sha256Of } from '../../helpers/fake-hf-server'
import { writeFakeLlama } from '../../helpers/fake-models'

/** llama_ftype 12: what a Q3_K_M quantisation writes in general.file_type. */
const Q3_K_M = 12

let scratch: string
let service: TestEngine
let library: LibraryService

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'exaone-custom-'))
  service = makeEngineService(join(scratch, 'models'))
  library = service.library
})
afterAll(async () => {
  service.dispose()
  await rm(scratch, { recursive: true, force: true })
})

/** A tiny EXAONE 4.0 model that really runs, under another name, marked as a Q3_K_M file. */
async function communityQuant(fileName: string, name: string): Promise<string> {
  const spec = exaoneModelSpec('exaone4', { shape: TINY_SHAPE, weightType: 'Q8_0', name })
  const path = join(scratch, fileName)
  await writeGguf(path, { ...spec, metadata: { ...spec.metadata, 'general.file_type': gguf.u32(Q3_K_M) } })
  return path
}

describe('custom EXAONE files in the library', () => {
  it('imports a community quantisation as custom: its name, its precision, its size and its header for the fit advisor', async () => {
    const source = await communityQuant('ko-tune-1.2b.Q3_K_M.gguf', 'Ko-Tune 1.2B')
    const installed = await library.import(source, false)
    expect(installed).toMatchObject({ modelId: 'custom:ko-tune-1.2b', modelName: 'Ko-Tune 1.2B', quantId: 'Q3_K_M', source: 'import', check: 'unverified' })
    expect(installed.path).toBe(join(library.folder.path, 'ko-tune-1.2b.Q3_K_M.gguf'))
    expect(installed.files).toEqual([{ name: 'ko-tune-1.2b.Q3_K_M.gguf', sizeBytes: (await readFile(source)).length, sha256: sha256Of(await readFile(source)) }])
    expect(installed.custom?.llamaArchitecture).toBe('exaone4')
    expect(installed.custom?.architecture).toMatchObject({ layers: TINY_SHAPE.layers, dModel: TINY_SHAPE.embd, heads: TINY_SHAPE.heads, kvHeads: TINY_SHAPE.kvHeads, headDim: TINY_SHAPE.headDim, trainedContext: TINY_SHAPE.context, tiedEmbeddings: false, slidingWindow: null })
    expect(installed.custom?.weights).toEqual((await readGgufWeights(installed.path)).weights)

    // The fit advisor judges it from those figures; the catalog has nothing to say about it.
    const subject = fitSubject(installed, [])
    expect(subject?.quant.sizeBytes).toBe(installed.sizeBytes)
    const fit = evaluateFit({ ...subject!, hardware: findWhatIfProfile('cpu-16gb')!.hardware, contextTokens: 4096 })
    expect(fit.verdict).toBe('cpu')

    await expect(library.import(source, false)).rejects.toMatchObject({ code: 'already-installed', message: 'Ko-Tune 1.2B Q3_K_M is already installed.' })
    expect(await library.verify({ modelId: installed.modelId, quantId: 'Q3_K_M' })).toMatchObject([{ check: 'unverified' }])
  })

  it('names a file without general.name by its file name; one of LG\'s precisions in a shape the catalog lacks is custom too', async () => {
    const spec = exaoneModelSpec('exaone', { weightType: 'Q8_0', name: '' })
    const unnamed = join(scratch, 'merged-2.4b-Q8_0.gguf')
    await writeGguf(unnamed, spec)
    expect(await library.import(unnamed, false)).toMatchObject({ modelId: 'custom:merged-2.4b-q8-0', modelName: 'merged-2.4b-Q8_0', quantId: 'Q8_0' })
  })

  it('imports a custom split set by its first part, every part checked, with the weights of all of them', async () => {
    const spec = exaoneModelSpec('exaone4', { weightType: 'BF16', name: 'Split Tune' })
    const split = { 'split.count': gguf.u32(2), 'split.tensors.count': gguf.i32(spec.tensors.length) }
    const half = Math.ceil(spec.tensors.length / 2)
    const part = (index: number): string => join(scratch, `split-tune-0000${index}-of-00002.gguf`)
    await writeGguf(part(1), { metadata: { ...spec.metadata, ...split, 'split.no': gguf.u32(0) }, tensors: spec.tensors.slice(0, half) })
    await expect(library.import(part(1), false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringContaining('split-tune-00002-of-00002.gguf is not beside it') })
    await writeGguf(part(2), { metadata: { ...split, 'split.no': gguf.u32(1) }, tensors: spec.tensors.slice(half) })
    await expect(library.import(part(2), false)).rejects.toMatchObject({ code: 'bad-model', hint: expect.stringContaining('split-tune-00001-of-00002.gguf') })
    const whole = await readFile(part(2))
    await writeFile(part(2), whole.subarray(0, whole.length - 64))
    await expect(library.import(part(1), false)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/00002-of-00002\.gguf is incomplete/) })
    await writeFile(part(2), whole)

    const installed = await library.import(part(1), false)
    expect(installed).toMatchObject({ modelId: 'custom:split-tune', quantId: 'BF16', path: join(library.folder.path, basename(part(1))) })
    expect(installed.files.map((file) => file.name)).toEqual([basename(part(1)), basename(part(2))])
    // Every layer's weights, including those in part 2.
    expect(installed.custom?.weights.layerBytes.every((bytes) => bytes > 0)).toBe(true)
    expect(installed.custom?.weights).toEqual((await readGgufWeights(installed.path)).weights)
  })

  it('refuses a model of another architecture, saying which it is', async () => {
    const llama = join(scratch, 'llama.gguf')
    await writeFakeLlama(llama)
    await expect(library.import(llama, false)).rejects.toMatchObject({ code: 'not-exaone', message: 'llama.gguf is a "llama" model, not EXAONE (exaone4, exaone, exaone-moe).' })
  })

  it('reads the same architecture from a 32B-shaped header as the catalog has for EXAONE 4.0 32B, and the same verdicts', async () => {
    // Header only (a sparse file): the figures a custom 32B quantisation is judged by.
    const path = join(scratch, 'shape-32b.gguf')
    await writeTinyExaone4(path, { shape: EXAONE_4_0_32B_SHAPE, weightType: 'Q8_0', sparse: true })
    const custom = customModelOf('shape-32b.gguf', await readGgufFileInfo(path, { logWarnings: false }))
    const catalogModel = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null }).models.find((model) => model.id === 'exaone-4.0-32b')!
    expect(custom.architecture).toEqual(catalogModel.architecture)
    expect(Math.abs(custom.parameters.total / catalogModel.parameters.total - 1)).toBeLessThan(0.01)
    const quant = { sizeBytes: (await readGgufWeights(path)).weights.layerBytes.reduce((a, b) => a + b, 0), sizeSource: 'exact' as const }
    for (const profile of ['rtx-4090-24gb', 'cpu-64gb', 'h100-80gb']) {
      const hardware = findWhatIfProfile(profile)?.hardware
      if (!hardware) throw new Error(`no what-if profile ${profile}`)
      const fromHeader = evaluateFit({ model: custom, quant, hardware, contextTokens: 32_768, weights: custom.weights })
      const fromCatalog = evaluateFit({ model: catalogModel, quant, hardware, contextTokens: 32_768, weights: custom.weights })
      expect(fromHeader.verdict, profile).toBe(fromCatalog.verdict)
      expect(fromHeader.vramBytes + fromHeader.ramBytes).toBe(fromCatalog.vramBytes + fromCatalog.ramBytes)
    }
  })
})

describe('a custom import loads and chats like any other', () => {
  it('through the engine by its library id, and the API server lists and answers by it', async () => {
    const installed = (await library.snapshot()).installed.find((quant) => quant.modelId === 'custom:ko-tune-1.2b')!
    const loaded = await service.engine.load({ modelId: installed.modelId, quantId: installed.quantId, contextSize: 512 })
    expect(loaded).toMatchObject({ modelId: 'custom:ko-tune-1.2b', quantId: 'Q3_K_M', path: installed.path, architecture: 'exaone4', format: 'exaone4' })
    expect(loaded.memory?.ramBytes).toBeGreaterThan(0)

    const server = await startApiServer({
      engine: service.engine, library, hub: service.hub, host: '127.0.0.1', port: 0, keyHash: null, allowedOrigins: [], reasoningField: 'reasoning_content', idleUnloadMs: 0, log: new RequestLog(null)
    })
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: 'none', maxRetries: 0 })
      const listed = await client.models.list()
      expect(listed.data.map((model) => model.id)).toContain('custom:ko-tune-1.2b:Q3_K_M')
      const answer = await client.chat.completions.create({ model: modelReference(installed), messages: [{ role: 'user', content: 'Hello' }], max_tokens: 8, temperature: 0 })
      expect(answer.model).toBe('custom:ko-tune-1.2b:Q3_K_M')
      expect(answer.usage?.completion_tokens).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  })

  it('from the CLI: import, list, chat --model, verify and delete by its id', async () => {
    const home = await mkdtemp(join(tmpdir(), 'exaone-custom-cli-'))
    try {
      const source = await communityQuant('cli-tune.gguf', 'CLI Tune')
      const imported = await runCli(['import', source], { EXAONE_DESKTOP_HOME: home })
      expect(imported, imported.stderr).toMatchObject({ code: 0 })
      expect(imported.stderr).toContain('Imported CLI Tune Q3_K_M')
      // Not a terminal: a line as each step starts and ends.
      expect(imported.stderr.split('\n').filter((line) => line.startsWith('Importing')).map((line) => line.replace(/ · [^·]*$/, ''))).toEqual([
        'Importing cli-tune.gguf: copying · 0%',
        'Importing cli-tune.gguf: copying · 100%',
        'Importing cli-tune.gguf: reading the copy back to verify it · 0%',
        'Importing cli-tune.gguf: reading the copy back to verify it · 100%'
      ])
      const listed = await runCli(['list'], { EXAONE_DESKTOP_HOME: home })
      expect(listed.stdout).toMatch(/CLI Tune Q3_K_M .* custom:cli-tune:Q3_K_M/)
      const chat = await runCli(['chat', '--model', 'custom:cli-tune', '--prompt', 'Hello', '--max-tokens', '4', '--ctx', '512', '--json'], { EXAONE_DESKTOP_HOME: home })
      expect(chat, chat.stderr).toMatchObject({ code: 0 })
      expect(JSON.parse(chat.stdout)).toMatchObject({ tokens: expect.any(Number) })
      // The precision as people type it.
      const verified = await runCli(['verify', 'custom:cli-tune', 'q3_k_m'], { EXAONE_DESKTOP_HOME: home })
      expect(verified, verified.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/CLI Tune Q3_K_M +unverified/) })
      const deleted = await runCli(['delete', 'custom:cli-tune', 'Q3_K_M'], { EXAONE_DESKTOP_HOME: home })
      expect(deleted, deleted.stderr).toMatchObject({ code: 0, stderr: expect.stringContaining('Deleted CLI Tune Q3_K_M') })
      const gone = await runCli(['delete', 'custom:cli-tune', 'Q3_K_M'], { EXAONE_DESKTOP_HOME: home })
      expect(gone).toMatchObject({ code: 1, stderr: expect.stringContaining('custom:cli-tune Q3_K_M is not installed') })
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  }, 240_000) // seven CLI processes, each starting Node and tsx

  it('from the CLI: Ctrl+C stops an import under way, leaving the models folder and the file as they were', async () => {
    const home = await mkdtemp(join(tmpdir(), 'exaone-custom-cli-stop-'))
    const models = join(home, 'models')
    try {
      await mkdir(models)
      // 2 GiB (sparse: quick to make), so that the copy runs for seconds.
      const source = await communityQuant('big-tune.gguf', 'Big Tune')
      const header = await readFile(source)
      await truncate(source, 2 ** 31)
      const copying = new Promise<void>((resolve) => {
        const watcher = watch(models, (_event, name) => {
          if (String(name).endsWith('.part')) {
            watcher.close()
            resolve()
          }
        })
      })
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/backend/cli/main.ts', 'import', source], { env: { ...process.env, EXAONE_DESKTOP_HOME: home } })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exit = once(child, 'exit')
      await copying
      child.kill('SIGINT')
      expect((await exit)[0], stderr).toBe(130)
      expect(stderr).toContain('Stopped. The models folder is as it was')
      expect(stderr).toMatch(/^Importing big-tune\.gguf: copying · 0% · 0 B of 2\.1 GB$/m)
      expect((await readdir(models)).filter((name) => name.includes('.gguf'))).toEqual([])
      expect((await stat(source)).size).toBe(2 ** 31)
      const file = await open(source)
      const { buffer } = await file.read(Buffer.alloc(header.length), 0, header.length, 0).finally(() => file.close())
      expect(buffer.equals(header)).toBe(true)
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  }, 120_000) // a CLI process starting Node and tsx
})
