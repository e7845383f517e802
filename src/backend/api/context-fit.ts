/**
 * "Never a silent cut": the engine fits a conversation to its context by leaving out the oldest turns, which the
 * window wants and an API client must not get unasked. So the API asks the engine to refuse instead
 * (`overflow: 'refuse'`): the worker checks the whole request where it tokenises the prompt anyway, and its
 * `prompt-too-long` says the context the request needs. The API then asks for the model at that size, up to its
 * trained context, or answers with a 400.
 */
import { AppError } from '../../shared/errors'
import type { LoadedModel } from '../../shared/engine'
import { badRequest, type ApiError } from './errors'

/**
 * The context to reload at for a request the engine refused as too long for `model`; `asked` is the size already
 * asked for, if any (llama.cpp may give less). Throws the 400 when no larger context can hold it, and any other
 * error as it is.
 */
export function largerContext(error: unknown, model: LoadedModel, asked: number | undefined): number {
  if (!(error instanceof AppError) || error.code !== 'prompt-too-long' || error.contextNeeded === undefined) throw error
  const needed = error.contextNeeded
  const wanted = Math.min(model.trainedContextSize, Math.ceil(needed / 1024) * 1024)
  if (needed > model.trainedContextSize || wanted <= Math.max(model.contextSize, asked ?? 0)) throw contextTooSmall(model, needed)
  return wanted
}

function contextTooSmall(model: LoadedModel, needed: number): ApiError {
  return badRequest(
    `This request needs ${needed.toLocaleString('en')} tokens of context (its prompt and room for the answer), and ${model.name} holds at most ${model.trainedContextSize.toLocaleString('en')} here. Shorten the conversation or lower max_tokens.`,
    'context_length_exceeded'
  )
}
