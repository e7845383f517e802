/**
 * EXAONE's prompt formats, written from LG's templates (see docs/exaone.md#prompt-formats) as data: which text is a
 * special token and which is plain. The node-llama-cpp chat wrappers and `prompt-format` both render from here,
 * so what the CLI prints is what the model is fed. Message content is always plain text: a user who types
 * "[|endofturn|]" gets those characters, not an end of turn.
 */
import type { ChatFormatName, ChatMessage } from '../../shared/engine'

export interface PromptPart {
  text: string
  special: boolean
}

const special = (text: string): PromptPart => ({ text, special: true })
const plain = (text: string): PromptPart => ({ text, special: false })

export interface ChatFormat {
  name: ChatFormatName
  reasoning: 'optional' | 'always' | 'never'
  system(content: string): PromptPart[]
  user(content: string): PromptPart[]
  /** An earlier answer: its reasoning is dropped, as the official templates do. */
  pastAssistant(content: string): PromptPart[]
  /** What opens the turn the model writes. */
  assistantStart: PromptPart[]
  /** The reasoning block: the model's output starts inside it (no opening tag of its own) when reasoning is on. */
  thought: { prefix: PromptPart[]; suffix: PromptPart[] } | null
  /** Written after `assistantStart` when reasoning is off: an empty thought, as 4.0's template does. */
  withoutReasoning: PromptPart[]
  endOfTurn: string
}

const endOfTurn = '[|endofturn|]'

const exaone4: ChatFormat = {
  name: 'exaone4',
  reasoning: 'optional',
  system: (content) => [special('[|system|]'), plain(`\n${content}`), special(endOfTurn), plain('\n')],
  user: (content) => [special('[|user|]'), plain(`\n${content}`), special(endOfTurn), plain('\n')],
  pastAssistant: (content) => [...exaone4.assistantStart, ...exaone4.withoutReasoning, plain(content), special(endOfTurn), plain('\n')],
  assistantStart: [special('[|assistant|]'), plain('\n')],
  thought: { prefix: [special('<think>'), plain('\n')], suffix: [special('</think>')] },
  withoutReasoning: [special('<think>'), plain('\n\n'), special('</think>'), plain('\n\n')],
  endOfTurn
}

const exaone35: ChatFormat = {
  name: 'exaone3.5',
  reasoning: 'never',
  system: (content) => [special('[|system|]'), plain(content), special(endOfTurn), plain('\n')],
  user: (content) => [special('[|user|]'), plain(`${content}\n`)],
  pastAssistant: (content) => [special('[|assistant|]'), plain(content), special(endOfTurn), plain('\n')],
  assistantStart: [special('[|assistant|]')],
  thought: null,
  withoutReasoning: [],
  endOfTurn
}

const exaoneDeep: ChatFormat = {
  ...exaone35,
  name: 'exaone-deep',
  reasoning: 'always',
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

/** The whole prompt for the next answer: the conversation and the opening of the model's turn. */
export function renderPrompt(format: ChatFormat, messages: readonly ChatMessage[], reasoning: boolean | undefined): PromptPart[] {
  const parts = messages.flatMap((message) => renderMessage(format, message))
  parts.push(...format.assistantStart)
  if (reasoningEnabled(format, reasoning) && format.thought) parts.push(...format.thought.prefix)
  else parts.push(...format.withoutReasoning)
  return parts
}

export function renderMessage(format: ChatFormat, message: ChatMessage): PromptPart[] {
  if (message.role === 'system') return format.system(message.content)
  if (message.role === 'user') return format.user(message.content)
  return format.pastAssistant(message.content)
}

export function partsToText(parts: readonly PromptPart[]): string {
  return parts.map((part) => part.text).join('')
}
