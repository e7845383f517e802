/**
 * The engine's facts that need no schema: limits, the default context and reading the state. The window imports
 * these at startup without loading zod (engine.ts builds the schemas from the same limits).
 */
import type { EngineState, GenerationStats, LoadedModel } from './engine'

/** The context lengths a model can load with, in tokens. */
export const contextLimits = { min: 256, max: 1_048_576 } as const

/** The context a model loads with when nobody says: long enough for a conversation, short enough for most machines. */
export const defaultContextTokens = 8192

export interface Limit {
  min: number
  max: number
  /** What the chat settings drawer's arrows add; 1 on whole-number settings. */
  step: number
  integer?: true
}

/**
 * Each sampling setting's range: what the backend accepts and what the chat settings drawer offers, in the
 * drawer's order. A seed stays below 2^31 because llama.cpp reads it as a 32-bit unsigned number, wrapping larger
 * ones, and takes 2^32 - 1 to mean "random"; an answer cannot be longer than the longest context.
 */
export const samplingLimits = {
  temperature: { min: 0, max: 2, step: 0.05 },
  topP: { min: 0.05, max: 1, step: 0.05 },
  topK: { min: 0, max: 1000, step: 1, integer: true },
  minP: { min: 0, max: 1, step: 0.01 },
  presencePenalty: { min: -2, max: 2, step: 0.1 },
  frequencyPenalty: { min: -2, max: 2, step: 0.1 },
  repeatPenalty: { min: 0.5, max: 2, step: 0.05 },
  maxTokens: { min: 1, max: contextLimits.max, step: 1, integer: true },
  seed: { min: 0, max: 2 ** 31 - 1, step: 1, integer: true }
} as const satisfies Record<string, Limit>

/** The model the engine has, ready or answering; null while none is. */
export function loadedModel(state: EngineState): LoadedModel | null {
  return state.status === 'ready' || state.status === 'generating' ? state.model : null
}

/**
 * An answer's figures as the window and the CLI show them, each left out (null) where the answer cannot give it
 * rather than shown as 0: a speed needs the times of two tokens at least (an answer that came as one chunk, from a
 * remote server that sends it whole, has one), and a time to the first token needs a first token (a model can end
 * its answer before writing any).
 */
export function shownFigures(stats: Pick<GenerationStats, 'generatedTokens' | 'tokensPerSecond' | 'ttftMs'>): { tokens: number; tokensPerSecond: number | null; ttftMs: number | null } {
  return { tokens: stats.generatedTokens, tokensPerSecond: stats.tokensPerSecond > 0 ? stats.tokensPerSecond : null, ttftMs: stats.generatedTokens > 0 ? stats.ttftMs : null }
}
