/**
 * The draft predictor's wait for drafts, driven step by step through a fake draft sequence: a stand-in that yields
 * each draft token when the test says, because the race below depends on an order of events no real model keeps.
 */
import { DraftSequenceTokenPredictor, type LlamaContextSequence, type Token } from 'node-llama-cpp'
import { describe, expect, it } from 'vitest'
import { WakingDraftPredictor } from '../../../../src/backend/inference/worker-engine'

/** A draft sequence whose every draft token waits for `draft(token)`. */
function fakeDraftSequence(): { sequence: LlamaContextSequence; draft(token: number): void; asked(): Promise<void>; closed: Promise<void> } {
  const next: Array<(token: number) => void> = []
  let onAsk = (): void => undefined
  let markClosed = (): void => undefined
  const closed = new Promise<void>((resolve) => (markClosed = resolve))
  const sequence = {
    disposed: false,
    nextTokenIndex: 0,
    context: { contextSize: 4096 },
    eraseContextTokenRanges: async (): Promise<void> => undefined,
    async *evaluateWithMetadata(): AsyncGenerator<{ token: Token; confidence: number }> {
      try {
        for (;;) {
          const token = await new Promise<number>((resolve) => {
            next.push(resolve)
            onAsk()
          })
          yield { token: token as Token, confidence: 1 }
        }
      } finally {
        markClosed()
      }
    }
  }
  return {
    sequence: sequence as unknown as LlamaContextSequence,
    draft: (token) => next.shift()?.(token),
    // Resolves once the drafting run waits for its next token.
    asked: () => new Promise<void>((resolve) => (next.length > 0 ? resolve() : (onAsk = resolve))),
    closed
  }
}

/**
 * Two drafts made and both accepted, then the model's own next token pushed while the drafting run waits for its
 * third: that run is aborted, gets one more token (short of minTokens) and ends. Returns the ask made meanwhile.
 */
async function acceptAllThenAsk(Predictor: typeof DraftSequenceTokenPredictor): Promise<{ predictor: DraftSequenceTokenPredictor; draft: ReturnType<typeof fakeDraftSequence>; ask: Promise<Token[]> }> {
  const draft = fakeDraftSequence()
  const predictor = new Predictor(draft.sequence, { minTokens: 2 })
  predictor.pushTokens([1 as Token])
  const first = predictor.predictTokens()
  await draft.asked()
  draft.draft(5)
  await draft.asked()
  draft.draft(6)
  expect(await first).toEqual([5, 6])
  await draft.asked()
  predictor.pushTokens([5, 6, 9] as Token[])
  const ask = Promise.resolve(predictor.predictTokens())
  draft.draft(7)
  return { predictor, draft, ask }
}

describe('the draft predictor (speculative decoding)', () => {
  it("node-llama-cpp 3.21.1's leaves that ask waiting after the run has ended: the answer would wait for ever", async () => {
    const { predictor, draft, ask } = await acceptAllThenAsk(DraftSequenceTokenPredictor)
    let answered = false
    void ask.then(() => (answered = true))
    // stop() closes the run's token stream once the run has let go of its lock, that is, once it is over.
    predictor.stop()
    await draft.closed
    await new Promise(setImmediate)
    expect(answered).toBe(false)
  })

  it('WakingDraftPredictor answers that ask, with no drafts, when the run ends, and drafts again on the next', async () => {
    const { predictor, draft, ask } = await acceptAllThenAsk(WakingDraftPredictor)
    expect(await ask).toEqual([])
    // The next ask starts a run from the pushed token, as after any rejected draft.
    const next = Promise.resolve(predictor.predictTokens())
    await draft.asked()
    draft.draft(10)
    await draft.asked()
    draft.draft(11)
    expect(await next).toEqual([10, 11])
  })
})
