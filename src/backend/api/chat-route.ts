/** `POST /v1/chat/completions`, whole or streamed in the order llama-server streams (see docs/openai-api.md). */
import { randomUUID } from 'node:crypto'
import type { GenerateResult, ToolCallDelta as EngineToolCallDelta } from '../../shared/engine'
import { modelReference } from '../../shared/library-plain'
import { ChatCompletionRequest, type ChatCompletion, type ChatCompletionChunk, type ChunkDelta, type FinishReason, type ToolCallDelta } from '../../shared/openai/chat'
import { parseBody } from './errors'
import type { Exchange } from './exchange'
import { sendJson } from './exchange'
import { finishReason, generate, streaming, usageOf, type Answering } from './generation'
import { messageFields, ReasoningShaper } from './reasoning'
import { SseWriter } from './sse'
import { chatRequestOf } from './translate'

export async function chatCompletions(answering: Answering, exchange: Exchange): Promise<void> {
  const request = parseBody(ChatCompletionRequest, exchange.body)
  const id = `chatcmpl-${randomUUID()}`
  const generateRequest = chatRequestOf(request, id)
  const installed = await answering.gate.resolve(request.model)
  const model = modelReference(installed)
  exchange.note({ model })
  const created = Math.floor(Date.now() / 1000)
  // parallel_tool_calls: false asks for one call at most; the model may write more, and only the first is passed on.
  const callsWanted = request.parallel_tool_calls === false ? 1 : Infinity

  if (!request.stream) {
    const result = await generate(answering, installed, generateRequest, exchange.signal)
    const finish = finishReason(result)
    exchange.note({ promptTokens: result.stats.promptTokens, completionTokens: result.stats.generatedTokens, finish })
    const body: ChatCompletion = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', ...messageFields(answering.reasoningField, result.reasoning, result.text), ...toolCallsOf(result, callsWanted) }, finish_reason: finish, logprobs: null }],
      usage: usageOf(result)
    }
    sendJson(exchange.response, 200, body)
    return
  }

  const sse = new SseWriter(exchange.response, answering.pingMs)
  const chunk = (delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }]
  })
  const shaper = new ReasoningShaper(answering.reasoningField)
  // The role goes first, but only once the engine has taken the request, so that a refusal is still a 400.
  let roleSent = false
  const role = (): void => {
    if (!roleSent) sse.data(chunk({ role: 'assistant', content: null }))
    roleSent = true
  }
  await streaming(exchange, sse, async () => {
    const result = await generate(answering, installed, generateRequest, exchange.signal, (piece) => {
      role()
      const delta: ChunkDelta = { ...shaper.delta(piece.reasoning, piece.text), ...toolCallDeltas(piece.toolCalls, callsWanted) }
      if (Object.keys(delta).length > 0) sse.data(chunk(delta))
    })
    role()
    const rest = shaper.finish()
    if (rest.content) sse.data(chunk(rest))
    const finish = finishReason(result)
    exchange.note({ promptTokens: result.stats.promptTokens, completionTokens: result.stats.generatedTokens, finish })
    sse.data(chunk({}, finish))
    if (request.stream_options?.include_usage) sse.data({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(result) })
    sse.end()
  })
}

/** The whole calls of an answer: content stays as the model wrote it before them (null when nothing). */
function toolCallsOf({ text, toolCalls }: GenerateResult, wanted: number): Partial<ChatCompletion['choices'][number]['message']> {
  if (toolCalls.length === 0) return {}
  return {
    ...(text === '' && { content: null }),
    tool_calls: toolCalls.slice(0, wanted).map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }))
  }
}

function toolCallDeltas(pieces: EngineToolCallDelta[] | undefined, wanted: number): { tool_calls?: ToolCallDelta[] } {
  const passed = (pieces ?? []).filter((piece) => piece.index < wanted)
  return passed.length > 0 ? { tool_calls: passed.map(toolCallDelta) } : {}
}

/** A call's first piece carries its id, type and name, once; later pieces only the index and more arguments. */
function toolCallDelta(piece: EngineToolCallDelta): ToolCallDelta {
  if (piece.id === undefined) return { index: piece.index, function: { arguments: piece.argumentsDelta } }
  return { index: piece.index, id: piece.id, type: 'function', function: { name: piece.name ?? '', arguments: piece.argumentsDelta } }
}
