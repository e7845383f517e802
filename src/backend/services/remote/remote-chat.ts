/**
 * A chat answer from a remote OpenAI-compatible server, as the chat window gets one from the local engine: the
 * conversation fitted to the remote model's context, `engine:stream` chunks on the hub (batched as the worker
 * batches them), and a GenerateResult with our own timings plus the server's token counts. Faults end in words:
 * a dropped connection keeps what arrived (`remote-dropped`), 429/503 wait out a short Retry-After (announced as
 * `engines:retrying`), anything unreadable is `remote-bad-response`, never a hang.
 */
import { setTimeout as delay } from 'node:timers/promises'
import type { ModelEntry } from '../../../shared/catalog/models'
import type { ChatGenerateRequest, ChatMessage, GenerateResult, GenerationStats } from '../../../shared/engine'
import { AppError } from '../../../shared/errors'
import type { ChatCompletionMessage, ChatCompletionRequest } from '../../../shared/openai/chat'
import type { RemoteModel } from '../../../shared/remote-engines'
import type { EventHub } from '../../event-hub'
import { fitToContext, promptBudget } from '../../inference/fit-to-context'
import { StreamBatcher } from '../../inference/stream-batcher'
import { httpError, readText, remoteRequest, retryAfterSeconds, serverMessage, type RemoteAgents, type RemoteResponse, type RemoteTarget, type RemoteTimeouts } from './remote-http'
import { AnswerReader, RemoteChunk, stopReasonOf } from './remote-stream'
import { SseParser } from './sse-parser'

/** How the server takes the reasoning switch: Ollama by `reasoning_effort`, the others by the chat template's kwargs. */
export type ServerFlavour = 'ollama' | 'openai'

/** Ollama listens on 11434 and lists its own models as owned by "library". */
export function serverFlavour(baseUrl: string, models: readonly RemoteModel[]): ServerFlavour {
  return new URL(baseUrl).port === '11434' || models.some((model) => model.ownedBy === 'library') ? 'ollama' : 'openai'
}

export interface RemoteChatTarget extends RemoteTarget {
  engineId: string
  modelId: string
  /** What the server listed; null: unknown, so nothing is trimmed and the server says when it is too long. */
  contextLength: number | null
  flavour: ServerFlavour
  /** The catalog model the id names, if it names one: whether it can think, and LG's sampling. */
  entry: ModelEntry | undefined
}

export interface RetryPolicy {
  /** Retries after the first try. */
  maxAttempts: number
  /** A longer Retry-After fails at once with `remote-busy`, saying when to try. */
  maxWaitSeconds: number
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, maxWaitSeconds: 10 }

/**
 * Tokens a prompt will take, estimated without the server's tokenizer: a token per 3 bytes of UTF-8 and 4 per
 * message for its role tags. EXAONE's tokenizer averages about 4 bytes a token in English and more in Korean,
 * so the estimate errs towards leaving room; the server's count comes back in the usage.
 */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let bytes = 0
  for (const message of messages) bytes += Buffer.byteLength(message.content) + Buffer.byteLength(message.toolCalls ? JSON.stringify(message.toolCalls) : '')
  return Math.ceil(bytes / 3) + 4 * messages.length
}

/** The app's messages as OpenAI's; thoughts stay out, as every EXAONE template leaves them out. */
function toOpenAIMessage(message: ChatMessage): ChatCompletionMessage {
  if (message.role === 'tool') return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' }
  if (message.role === 'assistant') {
    return {
      role: 'assistant',
      content: message.content,
      ...(message.toolCalls && { tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) })
    }
  }
  return { role: message.role, content: message.content }
}

type RemoteBody = ChatCompletionRequest & { repetition_penalty?: number }

/** Whether the answer should think: what the chat asked, unless the model always or never does. */
export function thinks(target: Pick<RemoteChatTarget, 'entry'>, wanted: boolean | undefined): boolean {
  if (target.entry?.reasoning === 'always') return true
  if (target.entry?.reasoning === 'none') return false
  return wanted ?? false
}

/** The request body: streamed with usage, the reasoning switch the way this server takes it, sampling as set. */
export function chatCompletionBody(target: RemoteChatTarget, request: ChatGenerateRequest, messages: readonly ChatMessage[]): RemoteBody {
  const sampling = request.sampling ?? {}
  const reasoning = thinks(target, request.reasoning)
  const format = request.responseFormat
  return {
    model: target.modelId,
    messages: messages.map(toOpenAIMessage),
    stream: true,
    stream_options: { include_usage: true },
    // A server that knows no such switch is not sent one unless the chat asked to think.
    ...(target.flavour === 'ollama'
      ? { reasoning_effort: reasoning ? 'medium' : 'none' }
      : (reasoning || target.entry) && { chat_template_kwargs: { enable_thinking: reasoning } }),
    ...(sampling.temperature !== undefined && { temperature: sampling.temperature }),
    ...(sampling.topP !== undefined && { top_p: sampling.topP }),
    ...(sampling.topK !== undefined && { top_k: sampling.topK }),
    ...(sampling.minP !== undefined && { min_p: sampling.minP }),
    ...(sampling.presencePenalty !== undefined && { presence_penalty: sampling.presencePenalty }),
    ...(sampling.frequencyPenalty !== undefined && { frequency_penalty: sampling.frequencyPenalty }),
    // vLLM and SGLang call it repetition_penalty, llama-server repeat_penalty; each ignores the other's.
    ...(sampling.repeatPenalty !== undefined && { repetition_penalty: sampling.repeatPenalty, repeat_penalty: sampling.repeatPenalty }),
    ...(sampling.maxTokens !== undefined && { max_tokens: sampling.maxTokens }),
    ...(sampling.seed !== undefined && { seed: sampling.seed }),
    ...(request.stop && { stop: request.stop }),
    ...(request.tools && {
      tools: request.tools.map((tool) => ({
        type: 'function' as const,
        function: { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), ...(tool.parameters && { parameters: tool.parameters }) }
      }))
    }),
    ...(request.toolChoice !== undefined && {
      tool_choice: typeof request.toolChoice === 'string' ? request.toolChoice : { type: 'function' as const, function: { name: request.toolChoice.name } }
    }),
    ...(request.parallelToolCalls !== undefined && { parallel_tool_calls: request.parallelToolCalls }),
    ...(format && {
      response_format: format.type === 'json_schema' ? { type: 'json_schema' as const, json_schema: { name: 'answer', schema: format.schema } } : format
    })
  }
}

export interface RemoteChatOptions {
  hub: EventHub
  agents: RemoteAgents
  timeouts: RemoteTimeouts
  retry?: RetryPolicy
}

/** Answers over remote engines; one AbortController per running request, so a stop closes its connection. */
export class RemoteChat {
  private readonly running = new Map<string, AbortController>()
  private readonly retry: RetryPolicy

  constructor(private readonly options: RemoteChatOptions) {
    this.retry = options.retry ?? defaultRetryPolicy
  }

  abort(requestId: string): boolean {
    const controller = this.running.get(requestId)
    controller?.abort()
    return controller !== undefined
  }

  async generate(target: RemoteChatTarget, request: ChatGenerateRequest): Promise<GenerateResult> {
    const controller = new AbortController()
    this.running.set(request.requestId, controller)
    try {
      return await this.answer(target, request, controller.signal)
    } finally {
      this.running.delete(request.requestId)
    }
  }

  private async answer(target: RemoteChatTarget, request: ChatGenerateRequest, signal: AbortSignal): Promise<GenerateResult> {
    const measure = (messages: ChatMessage[]) => ({ length: estimatePromptTokens(messages) })
    const { kept, measured } =
      target.contextLength === null
        ? { kept: request.messages, measured: measure(request.messages) }
        : fitToContext(request.messages, measure, promptBudget(target.contextLength, request.sampling?.maxTokens), 'Shorten it, or choose a model with a longer context.')
    const startedAt = performance.now()
    const batcher = new StreamBatcher((batch) => this.options.hub.emit('engine:stream', { requestId: request.requestId, ...batch }))
    // A model that does not think when not asked writes its answer; a parser that files it as reasoning is wrong.
    const reader = new AnswerReader(!thinks(target, request.reasoning) && target.entry !== undefined)
    let firstAt = 0
    let lastAt = 0
    let aborted = false
    let done = false
    try {
      const response = await this.post(target, JSON.stringify(chatCompletionBody(target, request, kept)), request.requestId, signal)
      const contentType = String(response.headers['content-type'] ?? '')
      const events = contentType.includes('text/event-stream') ? this.events(response) : this.wholeAnswer(response, target)
      for await (const data of events) {
        if (data === '[DONE]') {
          done = true
          break
        }
        for (const piece of reader.read(parseChunk(data, target))) {
          lastAt = performance.now()
          if (firstAt === 0) firstAt = lastAt
          batcher.push(piece)
        }
      }
      for (const piece of reader.flush()) batcher.push(piece)
      // Neither a finish reason nor [DONE]: the server went away mid-answer, however politely it closed.
      if (!done && reader.finishReason === null) throw dropped(target)
    } catch (error) {
      if (!signal.aborted) throw error instanceof AppError ? error : dropped(target, error)
      aborted = true
    } finally {
      batcher.flush()
    }
    const endedAt = performance.now()
    // An unknown model whose whole answer came as reasoning, although it was not asked to think: that is the answer.
    const swapped = !aborted && reader.text === '' && reader.reasoning !== '' && !thinks(target, request.reasoning)
    const generated = reader.usage?.completionTokens ?? reader.deltas
    const promptTokens = reader.usage?.promptTokens ?? measured.length
    const decodeSeconds = (lastAt - firstAt) / 1000
    const stats: GenerationStats = {
      promptTokens,
      cachedTokens: reader.usage?.cachedTokens ?? 0,
      generatedTokens: generated,
      tokensPerSecond: generated > 1 && decodeSeconds > 0 ? (generated - 1) / decodeSeconds : 0,
      ttftMs: firstAt > 0 ? firstAt - startedAt : 0,
      totalMs: endedAt - startedAt,
      contextSize: target.contextLength ?? 0,
      contextUsed: promptTokens + generated
    }
    const toolCalls = reader.toolCalls
    return {
      requestId: request.requestId,
      text: (swapped ? reader.reasoning : reader.text).trim(),
      reasoning: swapped ? '' : reader.reasoning.trim(),
      stopReason: aborted ? 'aborted' : toolCalls.length > 0 && reader.finishReason !== 'length' ? 'tool-calls' : stopReasonOf(reader.finishReason ?? 'stop'),
      toolCalls,
      droppedMessages: request.messages.length - kept.length,
      stats
    }
  }

  /** Sends the request; a 429 or 503 with a short Retry-After is waited out and tried again, a few times. */
  private async post(target: RemoteChatTarget, body: string, requestId: string, signal: AbortSignal): Promise<RemoteResponse> {
    const { agents, timeouts, hub } = this.options
    for (let attempt = 1; ; attempt++) {
      const response = await remoteRequest(target, '/chat/completions', { method: 'POST', body, agent: agents.stream, signal, timeouts })
      if (response.status === 200) return response
      const said = serverMessage(await readText(response, target, timeouts))
      const wait = retryAfterSeconds(response.headers['retry-after'])
      const retryable = (response.status === 429 || response.status === 503) && wait !== undefined && wait <= this.retry.maxWaitSeconds
      if (!retryable || attempt > this.retry.maxAttempts) throw httpError(target, response.status, said, wait)
      hub.emit('engines:retrying', {
        requestId,
        engineId: target.engineId,
        engineName: target.name,
        status: response.status,
        retryAfterSeconds: wait,
        attempt,
        maxAttempts: this.retry.maxAttempts
      })
      await delay(wait * 1000, undefined, { signal })
    }
  }

  private async *events(response: RemoteResponse): AsyncGenerator<string> {
    const parser = new SseParser()
    response.body.setEncoding('utf8')
    for await (const piece of response.body as AsyncIterable<string>) yield* parser.push(piece)
    yield* parser.end()
  }

  /** A server that ignored `stream: true` and sent the whole answer as JSON: read as one chunk. */
  private async *wholeAnswer(response: RemoteResponse, target: RemoteChatTarget): AsyncGenerator<string> {
    yield await readText(response, target, this.options.timeouts)
  }
}

/** One event's JSON; an error the server sends mid-stream (`{"error": …}`) ends the answer with its words. */
function parseChunk(data: string, target: RemoteChatTarget): RemoteChunk {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    throw badResponse(target, `A piece of the stream is not JSON: ${data.slice(0, 200)}`)
  }
  const chunk = RemoteChunk.safeParse(json)
  if (!chunk.success) throw badResponse(target, `A piece of the stream is not a chat completion chunk: ${data.slice(0, 200)}`)
  if (chunk.data.error !== undefined) {
    const said = serverMessage(JSON.stringify({ error: chunk.data.error }))
    throw new AppError({
      code: 'remote-bad-response',
      engineName: target.name,
      message: `${target.name} stopped the answer with an error${said ? `: ${said}` : ''}.`,
      hint: 'What arrived before it is kept. The server\'s log says more.',
      details: data.slice(0, 500)
    })
  }
  return chunk.data
}

function badResponse(target: RemoteTarget, details: string): AppError {
  return new AppError({
    code: 'remote-bad-response',
    engineName: target.name,
    message: `${target.name} sent something that is not an OpenAI chat stream.`,
    hint: 'Check that the address is the OpenAI-compatible API of the server (usually ending in /v1), not a proxy\'s page or another API.',
    details
  })
}

/** The connection failed, or closed, while the answer was being read; the chat keeps what arrived. */
function dropped(target: RemoteTarget, error?: unknown): AppError {
  return new AppError({
    code: 'remote-dropped',
    engineName: target.name,
    message: `The connection to ${target.name} was lost in the middle of the answer.`,
    hint: 'What arrived is kept. Check that the server is still running (it may have run out of memory), then regenerate.',
    details: error === undefined ? 'The stream ended without a finish reason or [DONE].' : error instanceof Error ? error.message : String(error)
  })
}
