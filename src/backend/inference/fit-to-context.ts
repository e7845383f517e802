/**
 * How a conversation is fitted to a model's context, the local engine's and a remote engine's alike: the oldest
 * exchanges are left out until the prompt and room for the answer fit.
 */
import type { ChatMessage } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import { defaultAnswerRoom } from './generation-options'

/** The prompt's share of the context: all of it but room for the answer (max tokens, at most a quarter; defaultAnswerRoom unset). */
export function promptBudget(contextSize: number, maxTokens: number | undefined): number {
  return contextSize - Math.min(maxTokens ?? defaultAnswerRoom, Math.floor(contextSize / 4))
}

/**
 * Leaves out the oldest exchanges (never a system prompt, never the newest message) until the prompt fits, so a
 * long conversation goes on instead of failing; the caller reports how many were left out. An exchange runs from
 * a message to the next user message, so tool calls and their results go together. `measure` gives the prompt's
 * tokens (or anything with their count as `length`).
 */
export function fitToContext<M extends { length: number }>(
  messages: ChatMessage[],
  measure: (messages: ChatMessage[]) => M,
  budget: number,
  hint: string
): { kept: ChatMessage[]; measured: M } {
  let kept = [...messages]
  let measured = measure(kept)
  while (measured.length > budget) {
    const oldest = kept.findIndex((message, index) => message.role !== 'system' && index < kept.length - 1)
    const nextUser = kept.findIndex((message, index) => index > oldest && message.role === 'user')
    if (oldest === -1 || nextUser === -1) {
      throw new AppError({
        code: 'prompt-too-long',
        message: `The message is too long for this context: ${measured.length.toLocaleString('en')} tokens, and ${budget.toLocaleString('en')} fit with room for the answer.`,
        hint
      })
    }
    kept = kept.filter((_, index) => index < oldest || index >= nextUser)
    measured = measure(kept)
  }
  return { kept, measured }
}
