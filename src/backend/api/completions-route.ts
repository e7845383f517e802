/** `POST /v1/completions`: a raw prompt continued as it is (no chat template), whole or streamed. */
import { randomUUID } from 'node:crypto'
import { modelReference } from '../../shared/library-plain'
import { CompletionRequest, type Completion } from '../../shared/openai/completions'
import type { FinishReason } from '../../shared/openai/chat'
import { parseBody } from './errors'
import { sendJson, type Exchange } from './exchange'
import { finishReason, generate, streaming, usageOf, type Answering } from './generation'
import { SseWriter } from './sse'
import { completionRequestOf } from './translate'

export async function completions(answering: Answering, exchange: Exchange): Promise<void> {
  const request = parseBody(CompletionRequest, exchange.body)
  const id = `cmpl-${randomUUID()}`
  const generateRequest = completionRequestOf(request, id)
  const installed = await answering.gate.resolve(request.model)
  const model = modelReference(installed)
  exchange.note({ model })
  const created = Math.floor(Date.now() / 1000)
  const completion = (text: string, finish: FinishReason | null): Completion => ({
    id,
    object: 'text_completion',
    created,
    model,
    choices: [{ index: 0, text, finish_reason: finish, logprobs: null }]
  })

  if (!request.stream) {
    const result = await generate(answering, installed, generateRequest, exchange.signal)
    const finish = finishReason(result)
    exchange.note({ promptTokens: result.stats.promptTokens, completionTokens: result.stats.generatedTokens, finish })
    sendJson(exchange.response, 200, { ...completion(result.text, finish), usage: usageOf(result) })
    return
  }

  const sse = new SseWriter(exchange.response, answering.pingMs)
  await streaming(exchange, sse, async () => {
    const result = await generate(answering, installed, generateRequest, exchange.signal, (piece) => piece.text && sse.data(completion(piece.text, null)))
    const finish = finishReason(result)
    exchange.note({ promptTokens: result.stats.promptTokens, completionTokens: result.stats.generatedTokens, finish })
    sse.data(completion('', finish))
    if (request.stream_options?.include_usage) sse.data({ ...completion('', null), choices: [], usage: usageOf(result) })
    sse.end()
  })
}
