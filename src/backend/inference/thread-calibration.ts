/**
 * The llama.cpp thread count that decodes fastest on this machine, for this model, measured at its first load.
 * More threads are not always faster: llama.cpp's threads spin-wait for each other, so where other work wants
 * the cores (the window drawing, a build) a preempted thread stalls the rest, and on a small machine all threads
 * can be slower than fewer. So each candidate count decodes a few dozen tokens on a small context of its own,
 * in rounds that rotate the order, and the best of its runs counts: a burst of load hurts one run, not the
 * verdict, while load that persists makes the counts it hurts lose every round, and the calibration chooses fewer.
 */
import type { LlamaContextOptions, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp'

export interface ThreadRun {
  threads: number
  tokensPerSecond: number
}

export interface CalibrationOptions {
  rounds?: number
  /** Tokens decoded per run, unless the run's time is up first. */
  tokens?: number
  /** How long one run may decode: a slow model on a busy machine must not make the first load take minutes. */
  runMs?: number
}

/** The contexts' settings that change decode speed, as the model's real context has them. */
export type CalibrationContext = Pick<LlamaContextOptions, 'flashAttention' | 'experimentalKvCacheKeyType' | 'experimentalKvCacheValueType'>

const prompt = 'The weather today is'

/** The best tokens/s of each candidate over the rounds, in the candidates' order. */
export async function measureThreads(model: LlamaModel, candidates: number[], context: CalibrationContext, options: CalibrationOptions = {}): Promise<ThreadRun[]> {
  const { rounds = 3, tokens = 32, runMs = 600 } = options
  const best = new Map(candidates.map((threads) => [threads, 0]))
  const promptTokens = model.tokenize(prompt)
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < candidates.length; index++) {
      const threads = candidates[(index + round) % candidates.length] as number
      const run = await model.createContext({ ...context, contextSize: 256, batchSize: 64, threads, ignoreMemorySafetyChecks: true, failedCreationRemedy: false })
      try {
        best.set(threads, Math.max(best.get(threads) ?? 0, await decodeRate(run.getSequence(), promptTokens, tokens, runMs)))
      } finally {
        await run.dispose()
      }
    }
  }
  return candidates.map((threads) => ({ threads, tokensPerSecond: best.get(threads) ?? 0 }))
}

/** The fastest run's thread count; the fewest threads among equals (they leave the most for everything else). */
export function fastestThreads(runs: ThreadRun[]): number {
  const [first, ...rest] = runs
  if (!first) throw new Error('No thread counts to choose from.')
  return rest.reduce((chosen, run) => (run.tokensPerSecond > chosen.tokensPerSecond || (run.tokensPerSecond === chosen.tokensPerSecond && run.threads < chosen.threads) ? run : chosen), first).threads
}

/** Greedy decode speed after the prompt: tokens after the first, over the time since it. */
async function decodeRate(sequence: LlamaContextSequence, promptTokens: Token[], tokens: number, runMs: number): Promise<number> {
  let count = 0
  let firstAt = 0
  let lastAt = 0
  for await (const _ of sequence.evaluate(promptTokens, { temperature: 0 })) {
    lastAt = performance.now()
    if (count === 0) firstAt = lastAt
    count++
    if (count >= tokens || (count >= 2 && lastAt - firstAt > runMs)) break
  }
  return count > 1 && lastAt > firstAt ? ((count - 1) * 1000) / (lastAt - firstAt) : 0
}
