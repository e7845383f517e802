/**
 * OpenAI requests as the engine's GenerateRequest: messages flattened to text (with tool calls and results), the
 * reasoning switch, tools, the response format, stop texts, and sampling checked against the engine's own limits,
 * so an out-of-range value is a 400 that names the field.
 */
import type { ChatGenerateRequest, ChatMessage, CompletionRequest as EngineCompletionRequest, ResponseFormat, Sampling, ToolChoice } from '../../shared/engine'
import { samplingLimits } from '../../shared/engine-plain'
import type { ChatCompletionMessage, ChatCompletionRequest } from '../../shared/openai/chat'
import type { CompletionRequest } from '../../shared/openai/completions'
import { badRequest } from './errors'

type Limits = (typeof samplingLimits)[keyof typeof samplingLimits]

function within(value: number | null | undefined, limits: Limits, param: string): number | undefined {
  if (value === null || value === undefined) return undefined
  if (value < limits.min || value > limits.max) throw badRequest(`${param} must be from ${limits.min} to ${limits.max}, not ${value}.`, 'invalid_value', param)
  return value
}

/** The sampling fields both endpoints share. */
export function samplingOf(request: ChatCompletionRequest | CompletionRequest, maxTokens: number | null | undefined): Sampling {
  if ((request.n ?? 1) !== 1) throw badRequest('Only n = 1 is supported: ask again for another answer.', 'unsupported_value', 'n')
  const sampling: Sampling = {
    temperature: within(request.temperature, samplingLimits.temperature, 'temperature'),
    // OpenAI allows top_p 0; llama.cpp's smallest useful value is the same "keep only the likeliest token".
    topP: within(request.top_p === 0 ? samplingLimits.topP.min : request.top_p, samplingLimits.topP, 'top_p'),
    topK: within(request.top_k, samplingLimits.topK, 'top_k'),
    minP: within(request.min_p, samplingLimits.minP, 'min_p'),
    presencePenalty: within(request.presence_penalty, samplingLimits.presencePenalty, 'presence_penalty'),
    frequencyPenalty: within(request.frequency_penalty, samplingLimits.frequencyPenalty, 'frequency_penalty'),
    repeatPenalty: within(request.repeat_penalty, samplingLimits.repeatPenalty, 'repeat_penalty'),
    maxTokens: within(maxTokens, samplingLimits.maxTokens, 'max_tokens'),
    seed: within(request.seed, samplingLimits.seed, 'seed')
  }
  return Object.fromEntries(Object.entries(sampling).filter(([, value]) => value !== undefined))
}

/** Text parts joined; anything else (an image, audio, a file) refused with the part it was. */
function textOf(content: ChatCompletionMessage['content'], param: string): string {
  if (content === null || content === undefined) return ''
  if (typeof content === 'string') return content
  return content
    .map((part, index) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text
      throw badRequest(
        `EXAONE Desktop's models read text only: ${param}[${index}] is a "${part.type}" part. Send the text alone.`,
        'unsupported_content',
        `${param}[${index}]`
      )
    })
    .join('')
}

export function messagesOf(messages: ChatCompletionMessage[]): ChatMessage[] {
  return messages.map((message, index): ChatMessage => {
    const content = textOf(message.content, `messages[${index}].content`)
    switch (message.role) {
      case 'tool':
        return { role: 'tool', content, toolCallId: message.tool_call_id }
      case 'assistant':
        return {
          role: 'assistant',
          content,
          ...(message.tool_calls?.length && { toolCalls: message.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })) })
        }
      default:
        return { role: message.role === 'developer' ? 'system' : message.role, content }
    }
  })
}

/** EXAONE 4.0's switch: chat_template_kwargs.enable_thinking, or reasoning_effort ("none" is off); else the model's default. */
export function reasoningOf(request: ChatCompletionRequest): boolean | undefined {
  const enable = request.chat_template_kwargs?.enable_thinking
  if (enable !== undefined) return enable
  if (request.reasoning_effort) return request.reasoning_effort !== 'none'
  return undefined
}

function responseFormatOf(format: ChatCompletionRequest['response_format']): ResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined
  if (format.type === 'json_object' || !format.json_schema.schema) return { type: 'json_object' }
  return { type: 'json_schema', schema: format.json_schema.schema }
}

function toolChoiceOf(choice: ChatCompletionRequest['tool_choice']): ToolChoice | undefined {
  if (!choice) return undefined
  return typeof choice === 'string' ? choice : { name: choice.function.name }
}

/** What both endpoints share: sampling and stop texts. */
function generateFieldsOf(request: ChatCompletionRequest | CompletionRequest, maxTokens: number | null | undefined) {
  const stop = (typeof request.stop === 'string' ? [request.stop] : (request.stop ?? [])).filter((text) => text !== '')
  return { sampling: samplingOf(request, maxTokens), ...(stop.length > 0 && { stop }) }
}

export function chatRequestOf(request: ChatCompletionRequest, requestId: string): ChatGenerateRequest {
  if (request.logprobs) throw badRequest('logprobs is not supported by this server.', 'unsupported_value', 'logprobs')
  const reasoning = reasoningOf(request)
  const responseFormat = responseFormatOf(request.response_format)
  const toolChoice = toolChoiceOf(request.tool_choice)
  if (toolChoice && typeof toolChoice === 'object' && !request.tools?.some((tool) => tool.function.name === toolChoice.name)) {
    throw badRequest(`tool_choice names "${toolChoice.name}", which is not among the tools.`, 'invalid_value', 'tool_choice')
  }
  return {
    requestId,
    messages: messagesOf(request.messages),
    // Never a silent cut: a conversation too long for the loaded context is refused (and the model reloaded).
    overflow: 'refuse',
    ...(reasoning !== undefined && { reasoning }),
    ...generateFieldsOf(request, request.max_completion_tokens ?? request.max_tokens),
    ...(responseFormat && { responseFormat }),
    ...(request.tools?.length && { tools: request.tools.map(({ function: { name, description, parameters } }) => ({ name, ...(description !== undefined && { description }), ...(parameters && { parameters }) })) }),
    ...(toolChoice && { toolChoice })
  }
}

export function completionRequestOf(request: CompletionRequest, requestId: string): EngineCompletionRequest {
  if (request.echo) throw badRequest('echo is not supported: the answer never repeats the prompt.', 'unsupported_value', 'echo')
  if (request.suffix) throw badRequest('suffix is not supported: EXAONE models do not fill in the middle.', 'unsupported_value', 'suffix')
  const prompt = typeof request.prompt === 'string' ? request.prompt : (request.prompt[0] ?? '')
  if (!prompt) throw badRequest('prompt is empty.', 'invalid_value', 'prompt')
  return { requestId, prompt, ...generateFieldsOf(request, request.max_tokens) }
}
