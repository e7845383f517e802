/**
 * Reading a remote server's chat completion chunks into the app's stream pieces. Each server has its habits:
 *
 * - thoughts come in `reasoning_content` (vLLM before 0.10, SGLang, llama-server, this app), `reasoning` (vLLM
 *   0.10+, OpenRouter), `thinking` (some proxies), or inline in the content between `<think>` and `</think>`
 *   (llama-server with `--reasoning-format none`, Ollama without `think`); all four become reasoning;
 * - tool calls stream as fragments (vLLM, llama-server) or arrive whole in one chunk (Ollama), sometimes without
 *   an index: a new id starts a new call;
 * - usage comes in a last chunk with empty `choices` when asked with `stream_options.include_usage`.
 */
import { z } from 'zod'
import type { GenerateResult, ToolCall, ToolCallDelta } from '../../../shared/engine'
import type { StreamPiece } from '../../inference/protocol'

const text = z.string().nullish().catch(null)

const Delta = z
  .object({
    content: text,
    reasoning_content: text,
    reasoning: text,
    thinking: text,
    tool_calls: z
      .array(
        z.object({
          index: z.number().int().nonnegative().nullish(),
          id: z.string().nullish(),
          function: z
            .object({ name: z.string().nullish(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() })
            .nullish()
        })
      )
      .nullish()
      .catch(null)
  })
  .loose()

/** One `data:` event's JSON, read leniently: fields a server leaves out or sends as null are simply absent. */
export const RemoteChunk = z.object({
  choices: z
    .array(z.object({ delta: Delta.nullish(), message: Delta.nullish(), finish_reason: z.string().nullish() }))
    .nullish(),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish()
    })
    .nullish()
    .catch(null),
  error: z.unknown().optional()
})
export type RemoteChunk = z.infer<typeof RemoteChunk>

const open = '<think>'
const close = '</think>'

/**
 * Splits inline `<think>…</think>` out of streamed content. Only an answer that starts with `<think>` (after
 * blank space) is taken to think inline; a tag split across chunks is held back until it is whole.
 */
export class InlineThinkSplitter {
  private state: 'start' | 'thinking' | 'answer' = 'start'
  private held = ''

  push(content: string): { text: string; reasoning: string } {
    this.held += content
    const out = { text: '', reasoning: '' }
    for (;;) {
      if (this.state === 'start') {
        const trimmed = this.held.trimStart()
        if (trimmed.startsWith(open)) {
          this.held = trimmed.slice(open.length)
          this.state = 'thinking'
          continue
        }
        if (trimmed === '' || open.startsWith(trimmed)) return out
        this.state = 'answer'
      }
      if (this.state === 'answer') {
        out.text += this.held
        this.held = ''
        return out
      }
      const end = this.held.indexOf(close)
      if (end !== -1) {
        out.reasoning += this.held.slice(0, end)
        this.held = this.held.slice(end + close.length)
        this.state = 'answer'
        continue
      }
      const keep = partialSuffix(this.held, close)
      out.reasoning += this.held.slice(0, this.held.length - keep)
      this.held = this.held.slice(this.held.length - keep)
      return out
    }
  }

  /** What is still held when the stream ends. */
  finish(): { text: string; reasoning: string } {
    const held = this.held
    this.held = ''
    return this.state === 'thinking' ? { text: '', reasoning: held } : { text: held, reasoning: '' }
  }
}

/** How many characters at the end of `text` could be the start of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length
  }
  return 0
}

export type FinishReason = GenerateResult['stopReason']

/** OpenAI's finish reasons as the engine's stop reasons; anything unknown (vLLM's "abort", "eos") is an end. */
export function stopReasonOf(finishReason: string): FinishReason {
  if (finishReason === 'length') return 'max-tokens'
  if (finishReason === 'tool_calls' || finishReason === 'function_call') return 'tool-calls'
  return 'end'
}

/** Folds a stream's chunks into the answer, and each chunk into the piece the window is sent. */
export class AnswerReader {
  text = ''
  reasoning = ''
  finishReason: string | null = null
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number } | null = null
  /** Content and reasoning deltas seen: the token count when the server reports no usage (most send one per token). */
  deltas = 0
  private readonly inline = new InlineThinkSplitter()
  private readonly calls: ToolCall[] = []
  /** The call each streamed index is, as servers number them. */
  private readonly callAt = new Map<number, number>()

  /** `reasoningIsAnswer`: the model does not think here, so a reasoning field holds the answer (see remote-chat.ts). */
  constructor(private readonly reasoningIsAnswer: boolean) {}

  /** The pieces one chunk adds, in order, as the stream batcher takes them. */
  read(chunk: RemoteChunk): StreamPiece[] {
    const pieces: StreamPiece[] = []
    if (chunk.usage) {
      const { prompt_tokens, completion_tokens, prompt_tokens_details } = chunk.usage
      this.usage = { promptTokens: prompt_tokens, completionTokens: completion_tokens, cachedTokens: prompt_tokens_details?.cached_tokens ?? 0 }
    }
    const choice = chunk.choices?.[0]
    if (!choice) return pieces
    const delta = choice.delta ?? choice.message
    if (delta) {
      // A server that sends both fields (this app can) sends the same text twice.
      const thought = delta.reasoning_content || delta.reasoning || delta.thinking || ''
      if (thought !== '' || delta.content) this.deltas++
      this.add(pieces, { text: '', reasoning: thought }, true)
      this.add(pieces, this.inline.push(delta.content ?? ''), false)
      for (const call of delta.tool_calls ?? []) pieces.push({ kind: 'tool', delta: this.callDelta(call) })
    }
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason
      this.add(pieces, this.inline.finish(), false)
    }
    return pieces
  }

  /** A stream that ended without a finish reason: what the splitter still held. */
  flush(): StreamPiece[] {
    const pieces: StreamPiece[] = []
    this.add(pieces, this.inline.finish(), false)
    return pieces
  }

  /** `fromField`: reasoning from a reasoning field, which a parser may have filled with the answer; inline tags are the model's own. */
  private add(pieces: StreamPiece[], { text, reasoning }: { text: string; reasoning: string }, fromField: boolean): void {
    if (reasoning !== '') {
      const asAnswer = fromField && this.reasoningIsAnswer
      pieces.push({ kind: asAnswer ? 'text' : 'reasoning', text: reasoning })
      if (asAnswer) this.text += reasoning
      else this.reasoning += reasoning
    }
    if (text !== '') {
      pieces.push({ kind: 'text', text })
      this.text += text
    }
  }

  get toolCalls(): ToolCall[] {
    return this.calls.map((call) => ({ ...call }))
  }

  private callDelta(call: NonNullable<NonNullable<z.infer<typeof Delta>['tool_calls']>>[number]): ToolCallDelta {
    const argumentsDelta = typeof call.function?.arguments === 'string' ? call.function.arguments : call.function?.arguments ? JSON.stringify(call.function.arguments) : ''
    const index = call.index ?? this.calls.length
    const known = this.callAt.get(index)
    const current = known === undefined ? undefined : this.calls[known]
    if (current && (!call.id || call.id === current.id)) {
      current.arguments += argumentsDelta
      return { index: known!, argumentsDelta }
    }
    const position = this.calls.length
    const started: ToolCall = { id: call.id ?? `call_${position}`, name: call.function?.name ?? '', arguments: argumentsDelta }
    this.calls.push(started)
    this.callAt.set(index, position)
    return { index: position, id: started.id, name: started.name, argumentsDelta }
  }
}
