/**
 * The inference engine for real: node-llama-cpp in a forked worker process on generated EXAONE models, with the
 * crashes it must survive produced for real (SIGKILL, a GGML_ASSERT abort) or, for a hang, through the worker's
 * test hook (a deadlock in native code cannot be caused on demand). The host's supervision is tested on the host;
 * loads by model id, with the fit advisor and the library, through the engine service that owns it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/shared/engine'
import { exaoneModelSpec, removeTinyModels, tinyModelPath, writeCorruptVariants, type CorruptVariants } from '../fixtures/gguf/exaone-models'
import { writeGguf } from '../fixtures/gguf/writer'
import { makeEngineService, installAs, type TestEngine } from '../helpers/engine-service'
import { fileLoad, greedy, makeHost } from '../helpers/engine-host'
import { failure } from '../helpers/failure'

let dir: string
let exaone4: string
let exaone35: string
let corrupt: CorruptVariants
let missingHeadCount: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exaone-engine-'))
  exaone4 = await tinyModelPath('exaone4')
  exaone35 = await tinyModelPath('exaone')
  corrupt = await writeCorruptVariants(dir)
  // llama.cpp needs exaone4.attention.head_count; without it a GGML_ASSERT aborts the process.
  const spec = exaoneModelSpec('exaone4')
  const { ['exaone4.attention.head_count']: _removed, ...metadata } = spec.metadata
  missingHeadCount = join(dir, 'missing-head-count.gguf')
  await writeGguf(missingHeadCount, { ...spec, metadata })
})

afterAll(async () => {
  await removeTinyModels()
  await rm(dir, { recursive: true, force: true })
})

describe('engine on a generated EXAONE 4.0 model', () => {
  it('loads with progress, generates a stream in order, and reports the figures', async () => {
    const { host, states, chunks } = makeHost()
    const model = await host.load(fileLoad(exaone4, { contextSize: 512 }))
    // The CPU's 2,048-token prefill batch, capped at the context (llama.cpp refuses a batch longer than it).
    expect(model).toMatchObject({ architecture: 'exaone4', format: 'exaone4', reasoning: 'optional', contextSize: 512, threads: 1, gpuLayers: 0, batchSize: 512 })
    expect(states.map((state) => state.status)).toEqual(expect.arrayContaining(['loading', 'ready']))
    expect(states.some((state) => state.status === 'loading' && state.progress > 0)).toBe(true)

    const result = await host.generate({
      requestId: 'first',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Hello' }
      ],
      sampling: { ...greedy, maxTokens: 24 }
    })
    expect(result.stats.generatedTokens).toBeGreaterThan(0)
    expect(result.stats.promptTokens).toBeGreaterThan(5)
    expect(result.stats.tokensPerSecond).toBeGreaterThan(0)
    expect(result.stats.ttftMs).toBeGreaterThan(0)
    expect(result.stats.contextUsed).toBeGreaterThan(result.stats.promptTokens)
    expect(result.droppedMessages).toBe(0)

    const stream = chunks.filter((chunk) => chunk.requestId === 'first')
    expect(stream.map((chunk) => chunk.seq)).toEqual(stream.map((_, index) => index))
    expect(stream.map((chunk) => chunk.text).join('').trim()).toBe(result.text)
    expect(stream.map((chunk) => chunk.reasoning).join('')).toBe('')
    expect(host.state.status).toBe('ready')

    const again = await host.generate({ requestId: 'second', messages: [{ role: 'user', content: 'Hello' }], sampling: { ...greedy, maxTokens: 24 } })
    const repeat = await host.generate({ requestId: 'third', messages: [{ role: 'user', content: 'Hello' }], sampling: { ...greedy, maxTokens: 24 } })
    expect(repeat.text).toBe(again.text)
  })

  it('streams reasoning apart from the answer when reasoning is on', async () => {
    const { host, chunks } = makeHost()
    await host.load(fileLoad(exaone4, { contextSize: 512 }))
    // Reasoning mode starts the answer inside the thought: until the model writes </think>, all of it is reasoning.
    // A random-weight model may write </think> at once (greedy does), so a few seeds are tried; the order must hold for all.
    const results = []
    for (const seed of [1, 2, 3, 4, 5]) {
      const requestId = `think-${seed}`
      const result = await host.generate({ requestId, messages: [{ role: 'user', content: 'Why?' }], reasoning: true, sampling: { temperature: 1, seed, maxTokens: 16 } })
      const stream = chunks.filter((chunk) => chunk.requestId === requestId)
      const firstText = stream.findIndex((chunk) => chunk.text !== '')
      const lastReasoning = stream.findLastIndex((chunk) => chunk.reasoning !== '')
      if (firstText !== -1 && lastReasoning !== -1) expect(lastReasoning).toBeLessThanOrEqual(firstText)
      expect(stream.map((chunk) => chunk.reasoning).join('').trim()).toBe(result.reasoning)
      results.push(result)
    }
    expect(results.some((result) => result.reasoning.length > 0)).toBe(true)
  })

  it('stops an answer on abort and is ready for the next one', async () => {
    const { host, chunks } = makeHost()
    // Prefill on the CPU alone goes in batches of 2,048 tokens where the context has room.
    await expect(host.load(fileLoad(exaone4, { contextSize: 4096 }))).resolves.toMatchObject({ gpuLayers: 0, batchSize: 2048 })
    const generating = host.generate({ requestId: 'long', messages: [{ role: 'user', content: 'Write a lot.' }], sampling: { ...greedy, maxTokens: 1500 } })
    await expect.poll(() => chunks.length, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(host.abort('long')).toBe(true)
    expect(host.abort('not-running')).toBe(false)
    const result = await generating
    expect(result.stopReason).toBe('aborted')
    expect(result.stats.generatedTokens).toBeLessThan(1500)
    expect(host.state.status).toBe('ready')
  })

  it('leaves out the oldest turns, never the system prompt, when the conversation outgrows the context', async () => {
    const { host } = makeHost()
    await host.load(fileLoad(exaone4, { contextSize: 256 }))
    const long = 'many words here '.repeat(12)
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }]
    for (let turn = 0; turn < 8; turn++) messages.push({ role: 'user', content: `${turn} ${long}` }, { role: 'assistant', content: `answer ${turn} ${long}` })
    messages.push({ role: 'user', content: 'last question' })
    const result = await host.generate({ requestId: 'long-chat', messages, sampling: { ...greedy, maxTokens: 8 } })
    expect(result.droppedMessages).toBeGreaterThan(0)
    expect(result.droppedMessages % 2).toBe(0)
    expect(result.stats.promptTokens).toBeLessThanOrEqual(256)

    // The API's way: nothing left out, the refusal says the context the whole request needs.
    const whole = await failure(host.generate({ requestId: 'whole', messages, overflow: 'refuse', sampling: { ...greedy, maxTokens: 8 } }))
    expect(whole).toMatchObject({ code: 'prompt-too-long', message: expect.stringContaining('the context holds 256') })
    expect(whole.contextNeeded).toBeGreaterThan(256 + 8)
    // A short prompt whose max tokens the context cannot hold after it is refused too, not cut short.
    const noRoom = await failure(host.generate({ requestId: 'no-room', messages: [{ role: 'user', content: 'Hi' }], overflow: 'refuse', sampling: { ...greedy, maxTokens: 250 } }))
    expect(noRoom.contextNeeded).toBeGreaterThan(256)
    const fits = await host.generate({ requestId: 'fits', messages: [{ role: 'user', content: 'Hi' }], overflow: 'refuse', sampling: { ...greedy, maxTokens: 8 } })
    expect(fits.droppedMessages).toBe(0)

    const tooLong = await failure(host.generate({ requestId: 'huge', messages: [{ role: 'user', content: 'word '.repeat(400) }], sampling: { maxTokens: 8 } }))
    expect(tooLong.code).toBe('prompt-too-long')
    expect(host.state.status).toBe('ready')
  })
})

describe('engine on a generated EXAONE 3.5 model', () => {
  it('picks the 3.5 format and generates', async () => {
    const { host } = makeHost()
    const model = await host.load(fileLoad(exaone35, { contextSize: 512 }))
    expect(model).toMatchObject({ architecture: 'exaone', format: 'exaone3.5', reasoning: 'never' })
    const result = await host.generate({ requestId: 'r', messages: [{ role: 'user', content: '안녕하세요' }], reasoning: true, sampling: { ...greedy, maxTokens: 12 } })
    expect(result.stats.generatedTokens).toBeGreaterThan(0)
    expect(result.reasoning).toBe('')
  })
})

describe('engine survives what llama.cpp does', () => {
  it('reports a SIGKILL mid-answer (as an out-of-memory kill), fails the request cleanly, and loads again', async () => {
    const { host, states, chunks } = makeHost()
    await host.load(fileLoad(exaone4, { contextSize: 2048 }))
    const generating = host.generate({ requestId: 'killed', messages: [{ role: 'user', content: 'Go on.' }], sampling: { ...greedy, maxTokens: 1500 } })
    await expect.poll(() => chunks.length, { timeout: 20_000 }).toBeGreaterThan(0)
    process.kill(host.workerPid as number, 'SIGKILL')
    const error = await failure(generating)
    expect(error.code).toBe('engine-stopped')
    expect(error.message).toMatch(/memory ran out/)
    expect(error.stopCode).toBe('out-of-memory')
    expect(error.hint).toMatch(/conversation is kept/)
    expect(states.at(-1)).toMatchObject({ status: 'stopped', code: 'out-of-memory' })
    expect((await failure(host.generate({ requestId: 'after', messages: [{ role: 'user', content: 'hi' }] }))).code).toBe('not-loaded')

    await host.load(fileLoad(exaone4, { contextSize: 512 }))
    await expect(host.generate({ requestId: 'again', messages: [{ role: 'user', content: 'hi' }], sampling: { ...greedy, maxTokens: 4 } })).resolves.toMatchObject({ stopReason: expect.any(String) })
  })

  it('reports a GGML_ASSERT abort while loading with llama.cpp’s own words, and keeps working', async () => {
    const { host, states } = makeHost()
    const error = await failure(host.load(fileLoad(missingHeadCount, { contextSize: 512 })))
    expect(error.code).toBe('engine-stopped')
    expect(error.message).toMatch(/internal check/)
    expect(error.stopCode).toBe('llama-check')
    expect(`${error.message}\n${error.details ?? ''}`).toMatch(/GGML_ASSERT|head_count|n_head/i)
    expect(states.at(-1)).toMatchObject({ status: 'stopped' })
    await expect(host.load(fileLoad(exaone4, { contextSize: 512 }))).resolves.toMatchObject({ format: 'exaone4' })
  })

  it('restarts a worker that stops answering heartbeats (test hook) and fails its request', async () => {
    const { host } = makeHost({ heartbeatMs: 200, hangTimeoutMs: 3000 }, { ...process.env, EXAONE_ENGINE_TEST_HOOKS: '1' })
    await host.load(fileLoad(exaone4, { contextSize: 512 }))
    host.simulateHangForTest()
    const error = await failure(host.generate({ requestId: 'hung', messages: [{ role: 'user', content: 'hi' }], sampling: { maxTokens: 4 } }))
    expect(error.code).toBe('engine-stopped')
    expect(error.message).toMatch(/stopped responding/)
    expect(error.stopCode).toBe('hang')
    await expect(host.load(fileLoad(exaone4, { contextSize: 512 }))).resolves.toMatchObject({ format: 'exaone4' })
  })

  it('restarts a worker whose answer does not stop when asked (test hook), fails it, and loads again', async () => {
    const { host, states } = makeHost({ abortGraceMs: 500 }, { ...process.env, EXAONE_ENGINE_TEST_HOOKS: '1' })
    await host.load(fileLoad(exaone4, { contextSize: 512 }))
    host.simulateStuckAnswerForTest()
    const answer = failure(host.generate({ requestId: 'stuck', messages: [{ role: 'user', content: 'hi' }], sampling: { maxTokens: 4 } }))
    expect(states.at(-1)).toMatchObject({ status: 'generating', requestIds: ['stuck'] })
    expect(host.abort('stuck')).toBe(true)
    const error = await answer
    expect(error).toMatchObject({ code: 'engine-stopped', stopCode: 'hang' })
    expect(error.message).toMatch(/did not stop an answer within 1 s of being asked/)
    expect(states.at(-1)).toMatchObject({ status: 'stopped', code: 'hang' })
    await expect(host.load(fileLoad(exaone4, { contextSize: 512 }))).resolves.toMatchObject({ format: 'exaone4' })
    await expect(host.generate({ requestId: 'after', messages: [{ role: 'user', content: 'hi' }], sampling: { ...greedy, maxTokens: 4 } })).resolves.toMatchObject({ stopReason: expect.any(String) })
  })

  it('leaves a worker whose stopped answer ends in time alone', async () => {
    const { host, states } = makeHost({ abortGraceMs: 200 })
    await host.load(fileLoad(exaone4, { contextSize: 512 }))
    const pid = host.workerPid
    const answer = host.generate({ requestId: 'long', messages: [{ role: 'user', content: 'hi' }], sampling: { ...greedy, maxTokens: 400 } })
    expect(host.abort('long')).toBe(true)
    await expect(answer).resolves.toMatchObject({ stopReason: 'aborted' })
    // An answer that runs past the grace, on the same worker.
    const next = await host.generate({ requestId: 'next', messages: [{ role: 'user', content: 'hi' }], sampling: { ...greedy, maxTokens: 400 } })
    expect(next.stats.totalMs).toBeGreaterThan(200)
    expect(host.workerPid).toBe(pid)
    expect(states.some((state) => state.status === 'stopped')).toBe(false)
  })

  it.each([
    ['truncated', /incomplete/, 'bad-model'],
    ['notGguf', /not a GGUF model file/, 'bad-model'],
    ['ggufV1', /GGUF version 1/, 'bad-model'],
    ['unknownArchitecture', /"notamodel" model, not EXAONE/, 'not-exaone']
  ] as const)('refuses a %s file with a clear reason and stays usable', async (kind, message, code) => {
    const { host } = makeHost()
    const error = await failure(host.load(fileLoad(corrupt[kind], { contextSize: 512 })))
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(error.hint).toBeTruthy()
    expect(host.state.status).toBe('idle')
    await expect(host.load(fileLoad(exaone4, { contextSize: 512 }))).resolves.toMatchObject({ format: 'exaone4' })
  })

  it('says when the file does not exist', async () => {
    const { host } = makeHost()
    const error = await failure(host.load(fileLoad(join(dir, 'nope.gguf'))))
    expect(error).toMatchObject({ code: 'not-found' })
    expect(error.message).toMatch(/missing/)
  })

  it('stops a load before memory runs out', async () => {
    const { host } = makeHost({ availableMemory: async () => 100_000_000, memoryFloorBytes: 500_000_000 })
    const error = await failure(host.load(fileLoad(exaone4, { contextSize: 512 })))
    expect(error.code).toBe('wont-fit')
    expect(error.message).toMatch(/only 0\.1 GB was left free/)
    expect(host.state.status).toBe('idle')
  })
})

describe('engine loads', () => {
  it('keeps the loaded model when the same file is asked for again', async () => {
    const { host, states } = makeHost()
    const first = await host.load(fileLoad(exaone4, { contextSize: 512 }))
    const pid = host.workerPid
    const count = states.length
    await expect(host.load(fileLoad(exaone4))).resolves.toEqual(first)
    await expect(host.load(fileLoad(exaone4, { contextSize: 512 }))).resolves.toEqual(first)
    expect(host.workerPid).toBe(pid)
    expect(states.length).toBe(count)
    const other = await host.load(fileLoad(exaone4, { contextSize: 1024 }))
    expect(other.contextSize).toBe(1024)
    expect(host.workerPid).not.toBe(pid)
  })
})

describe('the engine service', () => {
  let folder: string
  let service: TestEngine
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'exaone-engine-service-'))
  })
  afterEach(() => service?.dispose())
  afterAll(() => rm(folder, { recursive: true, force: true }))

  it('loads an installed model by its ids, with the memory the fit advisor gave it, and counts it as used once loaded', async () => {
    service = makeEngineService(folder)
    const { engine, library, states } = service
    const installed = await installAs(library, exaone4, 'exaone-4.0-1.2b', 'Q8_0')
    expect(installed.lastUsedAt).toBeNull()

    const model = await engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 512 })
    // Four answers at once: at this context the advisor says four sequences fit as well as one.
    expect(model).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', path: installed.path, format: 'exaone4', contextSize: 512, gpuLayers: 0, sequences: 4 })
    // The "what if" machine has no GPU: the advisor puts it all in RAM.
    expect(model.memory).toEqual({ ramBytes: expect.any(Number), vramBytes: 0 })
    expect(model.memory?.ramBytes).toBeGreaterThan(0)
    expect(states.find((state) => state.status === 'loading')).toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', path: installed.path, memory: model.memory })
    expect(engine.state).toEqual({ status: 'ready', model })
    expect((await library.find('exaone-4.0-1.2b', 'Q8_0'))?.lastUsedAt).not.toBeNull()

    // The installed file named by its path, with the same options, is the same model: it stays loaded.
    await expect(engine.load({ path: installed.path, contextSize: 512 })).resolves.toEqual(model)
    await expect(engine.generate({ requestId: 'by-id', messages: [{ role: 'user', content: 'Hello' }], sampling: { ...greedy, maxTokens: 4 } })).resolves.toMatchObject({ requestId: 'by-id', stopReason: expect.any(String) })
  })

  it('loads a file outside the library by its path, with no ids, no memory figure and one sequence', async () => {
    service = makeEngineService(folder)
    const model = await service.engine.load({ path: exaone35, contextSize: 512 })
    expect(model).toMatchObject({ modelId: null, quantId: null, path: exaone35, memory: null, format: 'exaone3.5', sequences: 1 })
  })

  it('gives fewer sequences where the machine has room for fewer contexts, and refuses more than fit', async () => {
    service = makeEngineService(folder, { machine: { profile: 'cpu-16gb', ramGiB: 5 } })
    await installAs(service.library, exaone4, 'exaone-4.0-1.2b', 'Q8_0')
    const load = { modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' as const, contextSize: 65_536 }
    const model = await service.engine.load(load)
    expect(model.sequences).toBeGreaterThanOrEqual(1)
    expect(model.sequences).toBeLessThan(4)
    await service.engine.unload()
    const refused = await failure(service.engine.load({ ...load, sequences: 8 }))
    expect(refused).toMatchObject({ code: 'wont-fit', message: expect.stringMatching(/with 8 answers at once/) })
  })
})
