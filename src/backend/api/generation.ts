/**
 * One answer through the engine, as both completion endpoints run it: wait for the model and a turn, stream the
 * engine's chunks for this request, and stop the generation the moment the client goes away.
 */
import type { ReasoningField } from '../../shared/api-server'
import type { GenerateRequest, GenerateResult, StreamChunk } from '../../shared/engine'
import type { InstalledQuant } from '../../shared/library'
import type { FinishReason, Usage } from '../../shared/openai/chat'
import type { EventHub } from '../event-hub'
import type { EngineService } from '../services/engine-service'
import { contextTooSmall, neededContext } from './context-fit'
import { toApiError } from './errors'
import type { Exchange } from './exchange'
import type { Lease, ModelGate } from './model-gate'
import type { SseWriter } from './sse'

export interface Answering {
  gate: ModelGate
  engine: Pick<EngineService, 'generate' | 'abort'>
  hub: EventHub
  reasoningField: ReasoningField
  /** How often a quiet stream gets a `:` ping. */
  pingMs: number
}

interface StreamHandlers {
  onStart(): void
  onChunk(chunk: StreamChunk): void
}

/**
 * Waits for the model and a turn; a chat request that would not fit the loaded context whole waits again for the
 * model reloaded at the size it needs (see context-fit.ts).
 */
export async function generate(
  answering: Answering,
  installed: InstalledQuant,
  request: GenerateRequest,
  signal: AbortSignal,
  stream?: StreamHandlers
): Promise<GenerateResult> {
  let contextSize: number | undefined
  for (;;) {
    const lease = await answering.gate.acquire(installed, contextSize, signal)
    const measuring = 'messages' in request ? neededContext(answering.engine, lease.model, request, signal) : Promise.resolve(null)
    const needed = await measuring.catch((error: unknown) => {
      lease.release()
      throw error
    })
    if (needed !== null) {
      // Too small for the whole request: back in line for the same model at the size it needs.
      lease.release()
      if (needed <= lease.model.contextSize) throw contextTooSmall(lease.model)
      contextSize = needed
      continue
    }
    return answer(answering, request, signal, lease, stream)
  }
}

async function answer(answering: Answering, request: GenerateRequest, signal: AbortSignal, lease: Lease, stream?: StreamHandlers): Promise<GenerateResult> {
  const onChunk = stream?.onChunk
  const unsubscribe = onChunk ? answering.hub.on('engine:stream', (chunk) => chunk.requestId === request.requestId && onChunk(chunk)) : undefined
  const abort = (): void => void answering.engine.abort(request.requestId)
  signal.addEventListener('abort', abort)
  try {
    signal.throwIfAborted()
    stream?.onStart()
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
