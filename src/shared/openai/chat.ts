/**
 * The OpenAI chat completions wire format as EXAONE Desktop serves it (and, later, reads it from a remote server):
 * the request as zod schemas, the answers and stream chunks as types. Unknown request fields are ignored, as
 * OpenAI's own clients send more than any local server uses; fields that would change the answer and cannot be
 * honoured are refused by the translation, never silently dropped.
 */
import { z } from 'zod'

const text = z.string().max(2_000_000)

export const TextPart = z.object({ type: z.literal('text'), text })
/** Any other part (image_url, input_audio, file): parsed so the refusal can say which part it was. */
export const OtherPart = z.object({ type: z.string() }).loose()
export const MessageContent = z.union([text, z.array(z.union([TextPart, OtherPart])).max(1000)])

export const ToolCall = z.object({
  id: z.string().max(200),
  type: z.literal('function'),
  function: z.object({ name: z.string().max(200), arguments: z.string().max(2_000_000) })
})
export type ToolCall = z.infer<typeof ToolCall>

export const ChatCompletionMessage = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer', 'user']), content: MessageContent }),
  z.object({ role: z.literal('assistant'), content: MessageContent.nullish(), tool_calls: z.array(ToolCall).max(100).optional() }),
  z.object({ role: z.literal('tool'), content: MessageContent, tool_call_id: z.string().max(200) })
])
export type ChatCompletionMessage = z.infer<typeof ChatCompletionMessage>

export const FunctionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1).max(64),
    description: z.string().max(100_000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish()
  })
})
export type FunctionTool = z.infer<typeof FunctionTool>

export const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1).max(64) }) })
])
export type ToolChoice = z.infer<typeof ToolChoice>

export const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string().max(64), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() })
  })
])
export type ResponseFormat = z.infer<typeof ResponseFormat>

const number = z.number()
const stop = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(4)]).nullish()

/** What both completion endpoints share: the model, sampling, stop and streaming. */
export const GenerationFields = {
  model: z.string().min(1).max(200),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: number.nullish(),
  top_p: number.nullish(),
  top_k: z.number().int().nullish(),
  min_p: number.nullish(),
  presence_penalty: number.nullish(),
  frequency_penalty: number.nullish(),
  repeat_penalty: number.nullish(),
  seed: z.number().int().nullish(),
  stop,
  max_tokens: z.number().int().nullish(),
  n: z.number().int().nullish()
}

export const ChatCompletionRequest = z.object({
  ...GenerationFields,
  messages: z.array(ChatCompletionMessage).min(1).max(10_000),
  max_completion_tokens: z.number().int().nullish(),
  response_format: ResponseFormat.nullish(),
  tools: z.array(FunctionTool).max(128).nullish(),
  tool_choice: ToolChoice.nullish(),
  /** false: at most one call per answer. */
  parallel_tool_calls: z.boolean().nullish(),
  logprobs: z.boolean().nullish(),
  /** EXAONE 4.0's reasoning switch, as vLLM, SGLang and llama-server take it. */
  chat_template_kwargs: z.object({ enable_thinking: z.boolean().optional() }).loose().nullish(),
  /** Ollama's switch: "none" turns reasoning off, any other effort on. */
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high']).nullish()
})
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>

export type FinishReason = 'stop' | 'length' | 'tool_calls'

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

/** Thoughts travel in `reasoning_content` (llama-server), optionally also in `reasoning` (vLLM, Ollama). */
export interface ReasoningFields {
  reasoning_content?: string
  reasoning?: string
}

export interface ChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: Array<{
    index: number
    message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] } & ReasoningFields
    finish_reason: FinishReason
    logprobs: null
  }>
  usage: Usage
}

export interface ToolCallDelta {
  index: number
  id?: string
  type?: 'function'
  function: { name?: string; arguments: string }
}

export interface ChunkDelta extends ReasoningFields {
  role?: 'assistant'
  content?: string | null
  tool_calls?: ToolCallDelta[]
}

export interface ChatCompletionChunk {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  choices: Array<{ index: number; delta: ChunkDelta; finish_reason: FinishReason | null; logprobs: null }>
  usage?: Usage
}
