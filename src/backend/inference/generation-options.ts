/** What chat answers and raw completions share: sampling as node-llama-cpp takes it, JSON grammars, stop reasons, timing. */
import type { Llama, LlamaContextSequence, LlamaGrammar } from 'node-llama-cpp'
import type { ResponseFormat, Sampling } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import type { GenerateOutcome } from './protocol'

export function samplingOptions(sampling: Sampling = {}) {
  const { repeatPenalty, presencePenalty, frequencyPenalty } = sampling
  return {
    ...(sampling.temperature !== undefined && { temperature: sampling.temperature }),
    ...(sampling.topP !== undefined && { topP: sampling.topP }),
    ...(sampling.topK !== undefined && { topK: sampling.topK }),
    ...(sampling.minP !== undefined && { minP: sampling.minP }),
    ...(sampling.seed !== undefined && { seed: sampling.seed }),
    ...((repeatPenalty !== undefined || presencePenalty !== undefined || frequencyPenalty !== undefined) && {
      repeatPenalty: { penalty: repeatPenalty ?? 1, presencePenalty: presencePenalty ?? 0, frequencyPenalty: frequencyPenalty ?? 0 }
    })
  }
}

/** The grammar that enforces a JSON answer; undefined for free text. */
export async function responseGrammar(llama: Llama, format: ResponseFormat | undefined): Promise<LlamaGrammar | undefined> {
  if (!format || format.type === 'text') return undefined
  if (format.type === 'json_object') return llama.getGrammarFor('json')
  try {
    return await llama.createGrammarForJsonSchema(format.schema as never)
  } catch (error) {
    throw new AppError({
      code: 'bad-request',
      message: `The response format's JSON schema cannot be enforced: ${(error as Error).message}.`,
      hint: 'Simplify the schema (no circular references or deep nesting).'
    })
  }
}

/** The room kept for an answer that names no max tokens (a quarter of the context at most). */
export const defaultAnswerRoom = 1024

/** The context a prompt of `promptTokens` needs with room for its answer: what a `prompt-too-long` error carries. */
export const contextNeeded = (promptTokens: number, maxTokens: number | undefined): number => promptTokens + (maxTokens ?? defaultAnswerRoom) + 1

/** The stop reasons of node-llama-cpp's chat and completion, in the contract's words. */
export function stopReasonOf(reason: string): 'end' | 'max-tokens' | 'aborted' | 'tool-calls' {
  if (reason === 'abort') return 'aborted'
  if (reason === 'maxTokens') return 'max-tokens'
  if (reason === 'functionCalls') return 'tool-calls'
  return 'end'
}

/** Where an answer is written: a context sequence, and how much of the prompt its cache holds (the prefix it shares). */
export interface Placement {
  sequence: LlamaContextSequence
  cachedTokens: number
}

/** Tokens the sequence has decoded so far, the prompt's and the answer's. */
const decodedTokens = ({ tokenMeter }: LlamaContextSequence): number => tokenMeter.usedInputTokens + tokenMeter.usedOutputTokens

/**
 * Times a generation from its start: tokens, time to the first one, and decode speed. It also measures how much of
 * the prompt node-llama-cpp took from the cache: what the sequence decoded before the first token is the rest.
 */
export class GenerationClock {
  private readonly started = performance.now()
  private readonly decodedAtStart: number
  private readonly predictionsAtStart: LlamaContextSequence['tokenPredictions']
  /** Prompt tokens decoded before the first answer token; null until one came. */
  private promptDecoded: number | null = null
  private generatedTokens = 0
  private firstTokenAt = 0
  private lastTokenAt = 0

  constructor(private readonly placement: Placement) {
    this.decodedAtStart = decodedTokens(placement.sequence)
    this.predictionsAtStart = placement.sequence.tokenPredictions
  }

  readonly onToken = (tokens: readonly unknown[]): void => {
    this.lastTokenAt = performance.now()
    if (this.generatedTokens === 0) {
      this.firstTokenAt = this.lastTokenAt
      this.promptDecoded = decodedTokens(this.placement.sequence) - this.decodedAtStart
    }
    this.generatedTokens += tokens.length
  }

  /** node-llama-cpp reports no tokens while it writes function calls: they are counted from the sequence instead. */
  countAtLeast(tokens: number): void {
    this.generatedTokens = Math.max(this.generatedTokens, tokens)
  }

  stats(promptTokens: number): GenerateOutcome['stats'] {
    const { sequence, cachedTokens } = this.placement
    const decodeSeconds = (this.lastTokenAt - this.firstTokenAt) / 1000
    const generated = this.generatedTokens
    return {
      promptTokens,
      // Stopped before a first token (or writing only calls), the shared prefix is what the cache held.
      cachedTokens: this.promptDecoded === null ? cachedTokens : Math.max(0, promptTokens - this.promptDecoded),
      generatedTokens: generated,
      tokensPerSecond: generated > 1 && decodeSeconds > 0 ? (generated - 1) / decodeSeconds : 0,
      workerTtftMs: this.firstTokenAt > 0 ? this.firstTokenAt - this.started : 0,
      totalMs: performance.now() - this.started,
      contextSize: sequence.context.contextSize,
      contextUsed: sequence.nextTokenIndex,
      ...(sequence.tokenPredictor && {
        draftTokens: {
          accepted: sequence.tokenPredictions.validated - this.predictionsAtStart.validated,
          rejected: sequence.tokenPredictions.refuted - this.predictionsAtStart.refuted
        }
      })
    }
  }
}
