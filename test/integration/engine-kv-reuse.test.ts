/**
 * A long conversation on a real worker and a generated EXAONE 4.0 model: each turn reuses the KV cache of the one
 * before (cachedTokens, which the worker measures from what llama.cpp decoded, grows), the answer included as
 * history renders it, and when the conversation outgrows the context the oldest turns go in chunks, so the turns
 * after a cut still find their prefix cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage, GenerateResult } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { fileLoad, greedy, makeHost } from '../helpers/engine-host'

let exaone4: string
beforeAll(async () => {
  exaone4 = await tinyModelPath('exaone4')
})
afterAll(async () => {
  await removeTinyModels()
})

/** A worker that brings an answer's cache to the next turn at once: these tests send the next turn at once. */
const settlingAtOnce = (): ReturnType<typeof makeHost> => makeHost({}, { ...process.env, EXAONE_ENGINE_SETTLE_AFTER_MS: '0' })

/** Runs `turns` turns of a conversation, each a new message of the same length and the model's answer to it. */
async function converse(turns: number, contextSize: number, reasoning = false): Promise<GenerateResult[]> {
  const { host } = settlingAtOnce()
  await host.load(fileLoad(exaone4, { contextSize }))
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are a helpful assistant.' }]
  const results: GenerateResult[] = []
  for (let turn = 0; turn < turns; turn++) {
    messages.push({ role: 'user', content: `Question ${turn}: tell me something about the number ${turn} and why it matters.` })
    const result = await host.generate({ requestId: `turn-${turn}`, messages, reasoning, sampling: { ...greedy, maxTokens: 16 } })
    messages.push({ role: 'assistant', content: result.text })
    results.push(result)
  }
  return results
}

describe('KV cache across turns', () => {
  it('reuses the conversation so far on every turn: cached tokens grow with it', async () => {
    const results = await converse(6, 4096)
    expect(results.every((result) => result.droppedMessages === 0)).toBe(true)
    expect(results[0]?.stats.cachedTokens).toBe(0)
    const cached = results.map((result) => result.stats.cachedTokens)
    for (let turn = 1; turn < results.length; turn++) {
      expect(cached[turn]).toBeGreaterThan(cached[turn - 1] ?? 0)
      // The previous turn's prompt came from the cache, all but its answer start (rendered anew in history).
      expect(cached[turn]).toBeGreaterThan((results[turn - 1]?.stats.promptTokens ?? Infinity) * 0.9)
    }
  })

  it('brings the cache to each answer as history renders it before the next turn, which decodes only its own message', async () => {
    // With a thought, history leaves it out; without, the generated vocabulary's answer text tokenizes anew. Either
    // way the worker decodes the answer as history has it once the answer is written, and the next turn (which
    // waits for that) finds the previous prompt and the whole answer in the cache.
    for (const reasoning of [false, true]) {
      const results = await converse(4, 4096, reasoning)
      if (reasoning) expect(results.every((result) => result.reasoning.length > 0)).toBe(true)
      for (let turn = 1; turn < results.length; turn++) {
        const before = results[turn - 1] as GenerateResult
        expect(results[turn]?.stats.cachedTokens).toBeGreaterThanOrEqual(before.stats.promptTokens + before.stats.generatedTokens)
      }
      const decoded = results.slice(1).map((result) => result.stats.promptTokens - result.stats.cachedTokens)
      expect(new Set(decoded).size).toBe(1)
    }
  })

  it('stops bringing a cache to the next turn when another conversation wants the sequence, and both go on', async () => {
    const { host } = settlingAtOnce()
    await host.load(fileLoad(exaone4, { contextSize: 4096 }))
    const ask = (id: string, messages: ChatMessage[]): Promise<GenerateResult> => host.generate({ requestId: id, messages, reasoning: true, sampling: { ...greedy, maxTokens: 16 } })
    const first: ChatMessage[] = [{ role: 'user', content: 'Tell me about the sea.' }]
    const answer = await ask('a1', first)
    // At once, on the one sequence: the other conversation shares nothing with the first but the template.
    const other = await ask('b1', [{ role: 'user', content: 'Something else entirely: how do bees find their way home?' }])
    expect(other.stopReason).toBe('max-tokens')
    expect(other.stats.cachedTokens).toBeLessThan(other.stats.promptTokens / 2)
    // The first conversation's next turn decodes what the cache lost, and answers as a fresh engine does.
    const next: ChatMessage[] = [...first, { role: 'assistant', content: answer.text }, { role: 'user', content: 'And the sky?' }]
    const again = await ask('a2', next)
    const fresh = makeHost().host
    await fresh.load(fileLoad(exaone4, { contextSize: 4096 }))
    expect(again.reasoning).toBe((await fresh.generate({ requestId: 'f', messages: next, reasoning: true, sampling: { ...greedy, maxTokens: 16 } })).reasoning)
  })

  it('drops old turns in chunks when the context fills, and the turns after a cut reuse the cache again', async () => {
    const results = await converse(24, 512)
    const dropped = results.map((result) => result.droppedMessages)
    const cuts = dropped.flatMap((count, turn) => (turn > 0 && count !== dropped[turn - 1] ? [turn] : []))
    expect(cuts.length).toBeGreaterThanOrEqual(2)
    for (const turn of cuts) {
      // Several exchanges (a user message and its answer each) go at once, not one per message.
      expect((dropped[turn] ?? 0) - (dropped[turn - 1] ?? 0)).toBeGreaterThanOrEqual(4)
      expect(results[turn]?.stats.promptTokens).toBeLessThan(512 * 0.8)
      // The next turn makes the same cut, so it finds the trimmed conversation in the cache.
      expect(dropped[turn + 1]).toBe(dropped[turn])
      expect(results[turn + 1]?.stats.cachedTokens).toBeGreaterThan((results[turn]?.stats.promptTokens ?? Infinity) * 0.9)
    }
    // Between cuts every turn reuses what came before.
    for (let turn = 1; turn < results.length; turn++) {
      if (!cuts.includes(turn)) expect(results[turn]?.stats.cachedTokens).toBeGreaterThan((results[turn - 1]?.stats.promptTokens ?? Infinity) * 0.9)
    }
  })
})
