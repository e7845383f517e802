/**
 * Several answers at once on one model: one context with several sequences in a real worker, a FIFO line beyond
 * them, busy past its bound, aborts that touch one request only, and a killed worker failing all of them. Every
 * assertion is on events and their order, none on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage, EngineState, GenerateRequest } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { fileLoad, greedy, makeHost } from '../helpers/engine-host'
import { failure } from '../helpers/failure'

let exaone4: string
beforeAll(async () => {
  exaone4 = await tinyModelPath('exaone4')
})
afterAll(async () => {
  await removeTinyModels()
})

const ask = (requestId: string, maxTokens: number): GenerateRequest => ({ requestId, messages: [{ role: 'user', content: `Write a lot. (${requestId})` }], sampling: { ...greedy, maxTokens } })
const runningIds = (states: EngineState[]): string[][] => states.flatMap((state) => (state.status === 'generating' ? [state.requestIds] : []))

async function loaded(sequences: number, maxQueued?: number) {
  const made = makeHost(maxQueued === undefined ? {} : { maxQueued })
  const model = await made.host.load(fileLoad(exaone4, { contextSize: 1024, sequences }))
  expect(model.sequences).toBe(sequences)
  return made
}

describe('parallel answers on one model', () => {
  it('runs 4 at once, their stream chunks interleaved, and all finish', async () => {
    const { host, states, chunks } = await loaded(4)
    const ids = ['a', 'b', 'c', 'd']
    const results = await Promise.all(ids.map((id) => host.generate(ask(id, 300))))
    expect(results.map((result) => result.requestId)).toEqual(ids)
    expect(results.every((result) => result.stats.generatedTokens > 0)).toBe(true)
    expect(runningIds(states).some((running) => running.length === 4)).toBe(true)
    // Every answer had begun streaming before any of them ended: they were written together.
    const firstChunk = ids.map((id) => chunks.findIndex((chunk) => chunk.requestId === id))
    const lastChunk = ids.map((id) => chunks.findLastIndex((chunk) => chunk.requestId === id))
    expect(Math.max(...firstChunk)).toBeLessThan(Math.min(...lastChunk))
    expect(host.state.status).toBe('ready')
  })

  it('answers 20 more than it has sequences for, admitted in the order they came', async () => {
    const { host, states } = await loaded(4)
    const ids = Array.from({ length: 24 }, (_, index) => `q${index}`)
    const results = await Promise.all(ids.map((id) => host.generate(ask(id, 6))))
    expect(results.map((result) => result.requestId)).toEqual(ids)
    expect(results.every((result) => result.stopReason !== 'aborted')).toBe(true)
    expect(states.some((state) => state.status === 'generating' && state.queued === 20)).toBe(true)
    expect(Math.max(...runningIds(states).map((running) => running.length))).toBe(4)
    const admitted = [...new Set(runningIds(states).flat())]
    expect(admitted).toEqual(ids)
  })

  it('refuses past the bound of its line with busy and when to retry; abort takes one out of line', async () => {
    const { host, states } = await loaded(1, 2)
    const running = host.generate(ask('long', 1500))
    const waiting = [host.generate(ask('w1', 4)), host.generate(ask('w2', 4))]
    const refused = await failure(host.generate(ask('over', 4)))
    expect(refused).toMatchObject({ code: 'busy', retryAfterSeconds: expect.any(Number) })
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(states.at(-1)).toMatchObject({ status: 'generating', requestIds: ['long'], queued: 2 })

    expect(host.abort('w1')).toBe(true)
    await expect(waiting[0]).resolves.toMatchObject({ requestId: 'w1', stopReason: 'aborted', stats: { generatedTokens: 0 } })
    expect(host.abort('long')).toBe(true)
    await expect(running).resolves.toMatchObject({ stopReason: 'aborted' })
    await expect(waiting[1]).resolves.toMatchObject({ requestId: 'w2', stats: { generatedTokens: expect.any(Number) } })
    expect(host.state.status).toBe('ready')
  })

  it('aborts one of several without disturbing the others', async () => {
    const { host, chunks } = await loaded(3)
    const pending = ['x', 'y', 'z'].map((id) => host.generate(ask(id, 200)))
    await expect.poll(() => chunks.some((chunk) => chunk.requestId === 'y'), { timeout: 20_000 }).toBe(true)
    expect(host.abort('y')).toBe(true)
    const [x, y, z] = await Promise.all(pending)
    expect(y?.stopReason).toBe('aborted')
    for (const other of [x, z]) {
      expect(other?.stopReason).not.toBe('aborted')
      expect(other?.stats.generatedTokens).toBeGreaterThan(y?.stats.generatedTokens ?? 0)
    }
  })

  it('fails every running and waiting request when the worker is killed, and the next load answers', async () => {
    const { host, chunks } = await loaded(2)
    const pending = ['k1', 'k2', 'k3'].map((id) => failure(host.generate(ask(id, 1500))))
    await expect.poll(() => chunks.some((chunk) => chunk.requestId === 'k1') && chunks.some((chunk) => chunk.requestId === 'k2'), { timeout: 20_000 }).toBe(true)
    process.kill(host.workerPid as number, 'SIGKILL')
    const errors = await Promise.all(pending)
    expect(errors.map((error) => error.code)).toEqual(['engine-stopped', 'engine-stopped', 'engine-stopped'])
    expect(host.state.status).toBe('stopped')

    await host.load(fileLoad(exaone4, { contextSize: 512, sequences: 2 }))
    await expect(host.generate(ask('after', 4))).resolves.toMatchObject({ requestId: 'after', stopReason: expect.any(String) })
  })

  it('routes each conversation back to the sequence holding its start, so its cache is reused', async () => {
    const { host } = await loaded(2)
    const send = (requestId: string, messages: ChatMessage[]) => host.generate({ requestId, messages, sampling: { ...greedy, maxTokens: 8 } })
    const start = (topic: string): ChatMessage => ({ role: 'user', content: `Tell me about ${topic}, its history and what it is, in many words please.` })
    const followUp = (topic: string, answer: string): ChatMessage[] => [start(topic), { role: 'assistant', content: answer }, { role: 'user', content: 'And?' }]
    const a1 = await send('a1', [start('the model')])
    const b1 = await send('b1', [start('the sea')])
    // Least recently used, b2 would land on a's sequence; a2 then on b's.
    const b2 = await send('b2', followUp('the sea', b1.text))
    const a2 = await send('a2', followUp('the model', a1.text))
    // All of the first prompt but a few tokens at its end: cachedTokens counts what llama.cpp did not decode again,
    // and it decodes again the last prompt token (for its logits) and the blank line after the empty thought, which
    // merges with the answer once one follows. A request on the other conversation's sequence would reuse almost none.
    expect(b2.stats.cachedTokens).toBeGreaterThanOrEqual(b1.stats.promptTokens - 4)
    expect(a2.stats.cachedTokens).toBeGreaterThanOrEqual(a1.stats.promptTokens - 4)
  })
})
