/**
 * One answer through the engine, as both completion endpoints run it: wait for the model and a turn, stream the
 * engine's chunks for this request, and stop the generation the moment the client goes away.
 */
import type { ReasoningField } from '../../shared/api-server'
import type { GenerateRequest, GenerateResult, StreamChunk } from '../../shared/engine'
import type { FinishReason, Usage } from '../../shared/openai/chat'
import type { EventHub } from '../event-hub'
import type { EngineService } from '../services/engine-service'
import { largerContext } from './context-fit'
import { toApiError } from './errors'
import type { Exchange } from './exchange'
import type { ApiModel, Lease, ModelGate } from './model-gate'
import type { SseWriter } from './sse'

export interface Answering {
  gate: ModelGate
  engine: Pick<EngineService, 'generate' | 'abort'>
  hub: EventHub
  reasoningField: ReasoningField
  /** How often a quiet stream gets a `:` ping. */
  pingMs: number
}

/**
 * Waits for the model and a turn, then answers; a request the engine refuses as too long for the loaded context
 * waits again for the model reloaded at the size it needs (see context-fit.ts). `onChunk` gets the request's
 * stream, whose first chunk comes only once the engine took the request: a refusal before it is still an HTTP error.
 */
export async function generate(
  answering: Answering,
  installed: ApiModel,
  request: GenerateRequest,
  signal: AbortSignal,
  onChunk?: (chunk: StreamChunk) => void
): Promise<GenerateResult> {
  let contextSize: number | undefined
  for (;;) {
    const lease = await answering.gate.acquire(installed, contextSize, signal)
    try {
      return await answer(answering, request, signal, lease, onChunk)
    } catch (error) {
      contextSize = largerContext(error, lease.model, contextSize)
    }
  }
}

async function answer(answering: Answering, request: GenerateRequest, signal: AbortSignal, lease: Lease, onChunk?: (chunk: StreamChunk) => void): Promise<GenerateResult> {
  const unsubscribe = onChunk ? answering.hub.on('engine:stream', (chunk) => chunk.requestId === request.requestId && onChunk(chunk)) : undefined
  const abort = (): void => void answering.engine.abort(request.requestId)
  signal.addEventListener('abort', abort)
  try {
    signal.throwIfAborted()
    return await answering.engine.generate(request)
  } finally {
    signal.removeEventListener('abort', abort)
    unsubscribe?.()
    lease.release()
  }
}

export function finishReason(result: GenerateResult): FinishReason {
  if (result.stopReason === 'max-tokens') return 'length'
  return result.stopReason === 'tool-calls' ? 'tool_calls' : 'stop'
}

export const usageOf = (result: GenerateResult): Usage => ({
  prompt_tokens: result.stats.promptTokens,
  completion_tokens: result.stats.generatedTokens,
  total_tokens: result.stats.promptTokens + result.stats.generatedTokens
})

/**
 * A streamed answer's ending, the same for both endpoints: an error before the first event keeps its own HTTP
 * status (the server replies with it), after it travels as a data line; a client that left gets nothing more.
 */
export async function streaming(exchange: Exchange, sse: SseWriter, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    if (!exchange.signal.aborted && !sse.started) throw error
    if (!exchange.signal.aborted) {
      exchange.note({ finish: 'error' })
      sse.data(toApiError(error).body)
    }
  } finally {
    sse.close()
  }
}
