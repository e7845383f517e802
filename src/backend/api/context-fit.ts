/**
 * "Never a silent cut": the engine fits a conversation to its context by leaving out the oldest turns, which the
 * window wants and an API client must not get unasked. So before a chat answer the API checks that the whole
 * request fits the loaded context: at once when its size cannot exceed it (every token is at least one byte of
 * text), else by measuring the prompt with a one-token answer (whose prefill the real answer then reuses from the
 * cache). A request that does not fit asks for a larger context, up to the model's trained one, or gets a 400.
 */
import { AppError } from '../../shared/errors'
import type { ChatGenerateRequest, LoadedModel } from '../../shared/engine'
import type { EngineService } from '../services/engine-service'
import { badRequest, type ApiError } from './errors'

/** What the engine keeps free for the answer when max_tokens is not given (see chat-generation.ts). */
const defaultReserve = 1024
/** Template tokens around each message (role markers, newlines), generously. */
const perMessageTokens = 16

/** No tokenizer here: a byte count bounds the tokens of any text from above. */
function tokenBound(request: ChatGenerateRequest): number {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')
  const messages = request.messages.reduce((sum, message) => sum + bytes(message.content) + (message.toolCalls ?? []).reduce((all, call) => all + bytes(call.name) + bytes(call.arguments), 0) + perMessageTokens, 0)
  return messages + (request.tools ? bytes(JSON.stringify(request.tools)) : 0) + 64
}

/** Whether `promptTokens` leave the engine room for the answer without dropping a message or shortening max_tokens. */
function fits(promptTokens: number, request: ChatGenerateRequest, contextSize: number): boolean {
  const maxTokens = request.sampling?.maxTokens
  const reserve = Math.min(maxTokens ?? defaultReserve, Math.floor(contextSize / 4))
  return promptTokens + reserve <= contextSize && (maxTokens === undefined || promptTokens + maxTokens < contextSize)
}

/**
 * Null when the request fits the loaded context whole; else the context it needs. Throws a 400 when even the
 * model's trained context is too small.
 */
export async function neededContext(engine: Pick<EngineService, 'generate' | 'abort'>, model: LoadedModel, request: ChatGenerateRequest, signal: AbortSignal): Promise<number | null> {
  if (fits(tokenBound(request), request, model.contextSize)) return null
  const requestId = `${request.requestId}-measure`
  const abort = (): void => void engine.abort(requestId)
  signal.addEventListener('abort', abort)
  const probe = await engine.generate({ ...request, requestId, sampling: { ...request.sampling, maxTokens: 1 } }).finally(() => signal.removeEventListener('abort', abort)).then(
    (result) => (result.droppedMessages > 0 ? null : result.stats.promptTokens),
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'prompt-too-long') return null
      throw error
    }
  )
  signal.throwIfAborted()
  if (probe !== null && fits(probe, request, model.contextSize)) return null
  // Unmeasured (longer than the whole context): try twice the context; measured: the prompt and the answer's room.
  const wanted = probe === null ? model.contextSize * 2 : probe + (request.sampling?.maxTokens ?? defaultReserve) + 1
  if (model.contextSize >= model.trainedContextSize || wanted > model.trainedContextSize) {
    throw contextTooSmall(model, probe === null ? `more than ${model.contextSize.toLocaleString('en')} tokens` : `${wanted.toLocaleString('en')} tokens (${probe.toLocaleString('en')} of prompt and room for the answer)`)
  }
  return Math.min(model.trainedContextSize, Math.ceil(wanted / 1024) * 1024)
}

export function contextTooSmall(model: LoadedModel, size = `more than ${model.contextSize.toLocaleString('en')} tokens`): ApiError {
  return badRequest(
    `This request needs ${size}, and ${model.name} holds at most ${model.trainedContextSize.toLocaleString('en')} here. Shorten the conversation or lower max_tokens.`,
    'context_length_exceeded',
    'messages'
  )
}
