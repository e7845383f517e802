/**
 * OpenAI's chat message and tool shapes, and their translation into the engine's ChatMessage and ToolDefinition:
 * what `prompt-format` reads and what the API server receives, translated in one place.
 */
import { z } from 'zod'
import { ToolDefinition, type ChatMessage } from '../../shared/engine'

const text = z.string().max(2_000_000)
/** A string, text parts (their texts are joined), or null (an assistant turn with only tool calls). */
const Content = z.union([text, z.array(z.object({ type: z.literal('text'), text })), z.null()]).optional()

const OpenAIToolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: text })
})

export const OpenAIMessage = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer', 'user']), content: Content }),
  z.object({
    role: z.literal('assistant'),
    content: Content,
    /** llama-server's and SGLang's name for the reasoning; vLLM and Ollama say `reasoning`. Both are dropped from the prompt. */
    reasoning_content: text.nullish(),
    reasoning: text.nullish(),
    tool_calls: z.array(OpenAIToolCall).max(128).optional()
  }),
  z.object({ role: z.literal('tool'), content: Content, tool_call_id: z.string().min(1).max(200) })
])
export type OpenAIMessage = z.infer<typeof OpenAIMessage>

export const OpenAITool = z.object({
  type: z.literal('function'),
  function: ToolDefinition
})
export type OpenAITool = z.infer<typeof OpenAITool>

const joined = (content: z.infer<typeof Content>): string => (typeof content === 'string' ? content : (content ?? []).map((part) => part.text).join(''))

export function fromOpenAIMessage(message: OpenAIMessage): ChatMessage {
  const content = joined(message.content)
  if (message.role === 'tool') return { role: 'tool', content, toolCallId: message.tool_call_id }
  if (message.role !== 'assistant') return { role: message.role === 'developer' ? 'system' : message.role, content }
  const reasoning = message.reasoning_content ?? message.reasoning
  const toolCalls = message.tool_calls?.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }))
  return { role: 'assistant', content, ...(reasoning && { reasoning }), ...(toolCalls?.length && { toolCalls }) }
}

export const fromOpenAITool = (tool: OpenAITool): ToolDefinition => tool.function
