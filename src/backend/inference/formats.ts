/**
 * EXAONE's prompt formats, written from LG's templates (see shared/docs/exaone.md) as data: which text is a
 * special token and which is plain. The node-llama-cpp chat wrappers and `prompt-format` both render from here,
 * so what the CLI prints is what the model is fed. Message content is always plain text: a user who types
 * "[|endofturn|]" gets those characters, not an end of turn.
 */
import type { ChatFormatName, ChatMessage, ToolDefinition } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import { availableTools, toolCalls, toolResults } from './exaone4-tools'

export interface PromptPart {
  text: string
  special: boolean
}

const special = (text: string): PromptPart => ({ text, special: true })
const plain = (text: string): PromptPart => ({ text, special: false })

export interface ChatFormat {
  name: ChatFormatName
  reasoning: 'optional' | 'always' | 'never'
  /** The system turn; with tools (4.0 only), the tool list follows its content. */
  system(content: string | null, tools: readonly ToolDefinition[]): PromptPart[]
  user(content: string): PromptPart[]
  /** An earlier answer: its reasoning is dropped, inline or not, as the official templates do. */
  pastAssistant(message: ChatMessage): PromptPart[]
  /** Consecutive tool results, as one turn; null where the format has no tools. */
  toolResults: ((contents: readonly string[]) => PromptPart[]) | null
  /** What opens the turn the model writes. */
  assistantStart: PromptPart[]
  /** The reasoning block: the model's output starts inside it (no opening tag of its own) when reasoning is on. */
  thought: { prefix: PromptPart[]; suffix: PromptPart[] } | null
  /** Written after `assistantStart` when reasoning is off: an empty thought, as 4.0's template does. */
  withoutReasoning: PromptPart[]
  endOfTurn: string
}

const endOfTurn = '[|endofturn|]'
const endTurn = [special(endOfTurn), plain('\n')]

/** The answer after an inline thought: what follows its last closing tag. */
function afterThought(content: string, closingTag: string, trim: (text: string) => string): string {
  return content.includes(closingTag) ? trim(content.slice(content.lastIndexOf(closingTag) + closingTag.length)) : content
}

const exaone4: ChatFormat = {
  name: 'exaone4',
  reasoning: 'optional',
  system: (content, tools) => [
    special('[|system|]'),
    plain(`\n${content ?? ''}${content !== null && tools.length > 0 ? '\n\n' : ''}`),
    ...(tools.length > 0 ? availableTools(tools) : []),
    ...endTurn
  ],
  user: (content) => [special('[|user|]'), plain(`\n${content}`), ...endTurn],
  // LG's template: an empty answer gets no thought; calls follow the answer after a newline.
  pastAssistant: ({ content, toolCalls: calls = [] }) => [
    ...exaone4.assistantStart,
    ...(content ? [...exaone4.withoutReasoning, plain(afterThought(content, '</think>', (text) => text.trim()))] : []),
    ...(calls.length > 0 ? [...(content ? [plain('\n')] : exaone4.withoutReasoning), ...toolCalls(calls)] : []),
    ...endTurn
  ],
  toolResults: (contents) => toolResults(contents, endOfTurn),
  assistantStart: [special('[|assistant|]'), plain('\n')],
  thought: { prefix: [special('<think>'), plain('\n')], suffix: [special('</think>')] },
  withoutReasoning: [special('<think>'), plain('\n\n'), special('</think>'), plain('\n\n')],
  endOfTurn
}

const exaone35: ChatFormat = {
  name: 'exaone3.5',
  reasoning: 'never',
  system: (content) => [special('[|system|]'), plain(content ?? ''), ...endTurn],
  user: (content) => [special('[|user|]'), plain(`${content}\n`)],
  pastAssistant: ({ content }) => [special('[|assistant|]'), plain(content), ...endTurn],
  toolResults: null,
  assistantStart: [special('[|assistant|]')],
  thought: null,
  withoutReasoning: [],
  endOfTurn
}

const exaoneDeep: ChatFormat = {
  ...exaone35,
  name: 'exaone-deep',
  reasoning: 'always',
  pastAssistant: ({ content }) => [special('[|assistant|]'), plain(afterThought(content, '</thought>', (text) => text.replace(/^\n+/, ''))), ...endTurn],
  thought: { prefix: [special('<thought>'), plain('\n')], suffix: [special('</thought>')] }
}

export const chatFormats: Record<ChatFormatName, ChatFormat> = {
  exaone4,
  'exaone3.5': exaone35,
  'exaone-deep': exaoneDeep
}

/**
 * Picks the format from the GGUF: the architecture says 4.0 or 3.5-style, and for `exaone` files the template
 * or the name says whether it is a Deep (reasoning) model.
 */
export function chatFormatFor(architecture: string, chatTemplate: string | undefined, modelName: string | undefined): ChatFormat {
  if (architecture === 'exaone4' || architecture === 'exaone-moe') return exaone4
  if (architecture === 'exaone') {
    const deep = /<thought>/.test(chatTemplate ?? '') || /\bdeep\b/i.test(modelName ?? '')
    return deep ? exaoneDeep : exaone35
  }
  throw new Error(`"${architecture}" is not an EXAONE architecture`)
}

export function reasoningEnabled(format: ChatFormat, requested: boolean | undefined): boolean {
  if (format.reasoning === 'always') return true
  if (format.reasoning === 'never') return false
  return requested ?? false
}

/** The conversation so far, without the opening of the model's turn; tool results of a row form one turn. */
export function renderConversation(format: ChatFormat, messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): PromptPart[] {
  const usesTools = tools.length > 0 || messages.some((message) => message.role === 'tool' || (message.toolCalls?.length ?? 0) > 0)
  const renderResults = format.toolResults
  if (usesTools && !renderResults) {
    throw new AppError({ code: 'bad-request', message: `This model's format (${format.name}) has no tool calling.`, hint: 'Use an EXAONE 4.0 model for tools.' })
  }
  const parts: PromptPart[] = []
  if (tools.length > 0 && messages[0]?.role !== 'system') parts.push(...format.system(null, tools))
  messages.forEach((message, index) => {
    if (message.role === 'system') parts.push(...format.system(message.content, index === 0 ? tools : []))
    else if (message.role === 'user') parts.push(...format.user(message.content))
    else if (message.role === 'assistant') parts.push(...format.pastAssistant(message))
    else if (messages[index - 1]?.role !== 'tool' && renderResults) {
      const run = messages.slice(index)
      const end = run.findIndex((next) => next.role !== 'tool')
      parts.push(...renderResults(run.slice(0, end === -1 ? run.length : end).map((result) => result.content)))
    }
  })
  return parts
}

/** The opening of the model's turn, inside the thought when reasoning is on. */
export function answerStart(format: ChatFormat, reasoning: boolean): PromptPart[] {
  return [...format.assistantStart, ...(reasoning && format.thought ? format.thought.prefix : format.withoutReasoning)]
}

/** The whole prompt for the next answer: the conversation and the opening of the model's turn. */
export function renderPrompt(format: ChatFormat, messages: readonly ChatMessage[], reasoning: boolean | undefined, tools: readonly ToolDefinition[] = []): PromptPart[] {
  return [...renderConversation(format, messages, tools), ...answerStart(format, reasoningEnabled(format, reasoning))]
}

export function partsToText(parts: readonly PromptPart[]): string {
  return parts.map((part) => part.text).join('')
}
