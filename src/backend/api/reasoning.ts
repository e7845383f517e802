/**
 * Where an answer's thoughts go, as the user chose for their clients: `reasoning_content`, also `reasoning`, or
 * inline in the content between `<think>` and `</think>` (for clients that read neither field).
 */
import type { ReasoningField } from '../../shared/api-server'
import type { ReasoningFields } from '../../shared/openai/chat'

export interface Delta extends ReasoningFields {
  content?: string
}

/** Turns the engine's streamed (reasoning, text) pieces into delta fields, keeping the inline tags balanced. */
export class ReasoningShaper {
  private thinking = false

  constructor(private readonly field: ReasoningField) {}

  delta(reasoning: string, text: string): Delta {
    if (this.field !== 'inline') {
      return { ...(reasoning && reasoningFields(this.field, reasoning)), ...(text && { content: text }) }
    }
    let content = ''
    if (reasoning) {
      if (!this.thinking) content += '<think>\n'
      this.thinking = true
      content += reasoning
    }
    if (text) content += this.close() + text
    return content ? { content } : {}
  }

  /** What still has to be sent when the answer ends: the closing tag of thoughts that had no answer after them. */
  finish(): Delta {
    const content = this.close()
    return content ? { content } : {}
  }

  private close(): string {
    if (!this.thinking) return ''
    this.thinking = false
    return '\n</think>\n\n'
  }
}

export function reasoningFields(field: ReasoningField, reasoning: string): ReasoningFields {
  if (field === 'both') return { reasoning_content: reasoning, reasoning }
  return { reasoning_content: reasoning }
}

/** A whole answer's message fields (non-streaming). */
export function messageFields(field: ReasoningField, reasoning: string, text: string): { content: string } & ReasoningFields {
  if (field === 'inline') return { content: reasoning ? `<think>\n${reasoning}\n</think>\n\n${text}` : text }
  return { content: text, ...(reasoning && reasoningFields(field, reasoning)) }
}
