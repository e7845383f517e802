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
 * What one trim leaves out at least, as a share of the budget: a conversation that outgrows the context loses a
 * chunk of its oldest exchanges at once, so the next turns fit without another cut and reuse the cached prefix.
 * Half, as llama.cpp's own context shift discards: the fewest cuts, each a prefill of the half that is kept.
 */
const trimChunkShare = 0.5

/**
 * Leaves out the oldest exchanges (never a system prompt, never the newest message) until the prompt fits, so a
 * long conversation goes on instead of failing; the caller reports how many were left out. An exchange runs from
 * a message to the next user message, so tool calls and their results go together. `measure` gives the prompt's
 * tokens (or anything with their count as `length`).
 *
 * The cut keeps the KV cache useful: the prompt is brought to at most the budget less a whole number of chunks
 * (`trimChunkShare` of it) past the overflow, and which exchanges that drops depends only on the messages. So as a
 * conversation grows, the next requests make the same cut (their prompts start alike, and the cache holds that
 * start) until it outgrows the next chunk, instead of a new cut, and a whole new prefill, on every message.
 */
export function fitToContext<M extends { length: number }>(
  messages: ChatMessage[],
  measure: (messages: ChatMessage[]) => M,
  budget: number,
  hint: string
): { kept: ChatMessage[]; measured: M } {
  const whole = measure(messages)
  if (whole.length <= budget) return { kept: messages, measured: whole }
  const chunk = Math.max(1, Math.floor(budget * trimChunkShare))
  const keepAtMost = whole.length - Math.ceil((whole.length - budget) / chunk) * chunk
  // Dropping the first n exchanges keeps the leading system messages and everything from the n-th user message after them.
  const lead = messages.findIndex((message) => message.role !== 'system')
  const starts = messages.flatMap((message, index) => (lead !== -1 && index > lead && message.role === 'user' ? [index] : []))
  const keptAfter = (drops: number): ChatMessage[] => [...messages.slice(0, lead), ...messages.slice(starts[drops - 1])]
  // The fewest drops that reach keepAtMost (binary search: more drops, fewer tokens), else as many as there are.
  let low = 1
  let high = starts.length
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (measure(keptAfter(middle)).length <= keepAtMost) high = middle
    else low = middle + 1
  }
  const kept = starts.length > 0 ? keptAfter(low) : messages
  const measured = kept === messages ? whole : measure(kept)
  if (measured.length > budget) {
    throw new AppError({
      code: 'prompt-too-long',
      message: `The message is too long for this context: ${measured.length.toLocaleString('en')} tokens, and ${budget.toLocaleString('en')} fit with room for the answer.`,
      hint
    })
  }
  return { kept, measured }
}
