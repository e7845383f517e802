/** How a conversation's history changes when an answer is asked for again or a question is edited. */
import { randomUUID } from 'node:crypto'
import type { Answer, ChatSettings, Conversation, StoredMessage } from '../../../shared/chats'
import type { ChatMessage } from '../../../shared/engine'
import { AppError } from '../../../shared/errors'

export function question(content: string, now: string): StoredMessage {
  return { id: randomUUID(), role: 'user', content, status: 'complete', createdAt: now }
}

/** The empty answer that deltas then fill. */
export function pendingAnswer(now: string, alternatives: Answer[] = []): StoredMessage {
  return {
    id: randomUUID(),
    role: 'assistant',
    content: '',
    reasoning: '',
    status: 'streaming',
    createdAt: now,
    ...(alternatives.length > 0 && { alternatives })
  }
}

/** A new answer to the last question; the current answer (if it said anything) becomes an alternative. */
export function regenerateLast(conversation: Conversation, now: string): Conversation {
  const last = conversation.messages.at(-1)
  if (!last) {
    throw new AppError({ code: 'bad-request', message: 'This conversation has no message to answer yet.', hint: 'Send a message first.' })
  }
  const kept = last.role === 'assistant' ? conversation.messages.slice(0, -1) : conversation.messages
  const answer = pendingAnswer(now, last.role === 'assistant' ? withAlternative(last) : [])
  return { ...conversation, updatedAt: now, messages: [...kept, answer] }
}

/**
 * Replaces the text of a question and answers it again: its answer becomes an alternative of the new one, and
 * everything after that answer goes.
 */
export function editQuestion(conversation: Conversation, messageId: string, content: string, now: string): Conversation {
  const index = conversation.messages.findIndex((message) => message.id === messageId)
  const edited = conversation.messages[index]
  if (!edited) {
    throw new AppError({ code: 'not-found', message: 'That message is no longer in this conversation.', hint: 'Reload the conversation and try again.' })
  }
  if (edited.role !== 'user') {
    throw new AppError({ code: 'bad-request', message: 'Only your own messages can be edited.', hint: 'To get another answer, regenerate it.' })
  }
  const oldAnswer = conversation.messages[index + 1]
  const alternatives = oldAnswer?.role === 'assistant' ? withAlternative(oldAnswer) : []
  const messages = [...conversation.messages.slice(0, index), { ...edited, content, createdAt: now }, pendingAnswer(now, alternatives)]
  return { ...conversation, updatedAt: now, messages }
}

/** What the engine is given: the system prompt, then each turn's text (formats drop earlier reasoning anyway). */
export function engineMessages(settings: ChatSettings, history: readonly StoredMessage[]): ChatMessage[] {
  const turns = history
    // An answer that failed before saying anything is no turn at all.
    .filter((message) => message.role === 'user' || message.content !== '')
    .map((message): ChatMessage => ({ role: message.role, content: message.content }))
  return settings.systemPrompt.trim() ? [{ role: 'system', content: settings.systemPrompt }, ...turns] : turns
}

function withAlternative(answer: StoredMessage): Answer[] {
  const earlier = answer.alternatives ?? []
  if (answer.content === '' && !answer.reasoning) return earlier
  const { content, reasoning = '', reasoningMs, stats, model, createdAt } = answer
  return [
    ...earlier,
    {
      content,
      reasoning,
      createdAt,
      ...(reasoningMs !== undefined && { reasoningMs }),
      ...(stats && { stats }),
      ...(model !== undefined && { model })
    }
  ]
}
