/**
 * Speculative decoding on a real worker: a generated EXAONE 4.0 model drafting for itself (the only pair of
 * models with one vocabulary that can exist here) gives the same greedy answers as without a draft, and reports
 * how many drafted tokens the model confirmed; a draft with another vocabulary is refused, saying why.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GenerateRequest } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath, TINY_SHAPE, writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import { fileLoad, greedy, makeHost } from '../helpers/engine-host'
import { failure } from '../helpers/failure'

let exaone4: string
let folder: string
let otherVocabulary: string
beforeAll(async () => {
  exaone4 = await tinyModelPath('exaone4')
  folder = await mkdtemp(join(tmpdir(), 'exaone-draft-'))
  otherVocabulary = (await writeTinyExaone4(join(folder, 'other-vocabulary.gguf'), { shape: { ...TINY_SHAPE, vocab: TINY_SHAPE.vocab + 64 } })).path
})
afterAll(async () => {
  await removeTinyModels()
  await rm(folder, { recursive: true, force: true })
})

const questions: GenerateRequest[] = ['Why is the sky blue?', 'Name three colours.'].map((content, index) => ({
  requestId: `q${index}`,
  messages: [{ role: 'user', content }],
  sampling: { ...greedy, maxTokens: 96 }
}))

describe('speculative decoding with a draft model', () => {
  it('writes the same greedy answers as without a draft, and counts the drafted tokens it accepted', async () => {
    const plain = makeHost()
    await plain.host.load(fileLoad(exaone4, { contextSize: 1024 }))
    const without = []
    for (const question of questions) without.push(await plain.host.generate(question))
    void plain.host.dispose()

    const drafted = makeHost()
    const model = await drafted.host.load(fileLoad(exaone4, { contextSize: 1024, draft: { path: exaone4, minConfidence: 0 } }))
    expect(model.draft).toEqual({ path: exaone4, name: expect.any(String) })
    const withDraft = []
    for (const question of questions) withDraft.push(await drafted.host.generate(question))

    expect(withDraft.map((result) => result.text)).toEqual(without.map((result) => result.text))
    expect(without.every((result) => result.stats.draftTokens === undefined)).toBe(true)
    for (const result of withDraft) {
      expect(result.stats.generatedTokens).toBeGreaterThan(10)
      // Random weights leave near ties that a batch and a single token break differently, so some drafts are refuted.
      expect(result.stats.draftTokens?.accepted).toBeGreaterThan(0)
    }
  })

  it('refuses a draft model whose vocabulary differs, saying so', async () => {
    const { host } = makeHost()
    const error = await failure(host.load(fileLoad(exaone4, { contextSize: 512, draft: { path: otherVocabulary } })))
    expect(error.code).toBe('bad-request')
    expect(error.message).toMatch(/cannot draft for this model: their vocabularies differ/)
    expect(host.state.status).toBe('idle')
  })
})
