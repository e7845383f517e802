/**
 * A conversation's file: one JSON object per line, appended as the conversation grows and folded into a
 * Conversation when read. A line that cannot be read (a half-written last line after a crash, garbage) is skipped,
 * never fatal; an answer still `streaming` when nobody is writing it was cut off and reads as `interrupted`.
 */
import { z } from 'zod'
import { ChatSettings, defaultChatSettings, StoredMessage, type Conversation } from '../../../shared/chats'
import { titleFrom } from './summaries'

const Created = z.object({ type: z.literal('created'), v: z.literal(1), id: z.string(), at: z.string(), title: z.string(), settings: ChatSettings })
const Meta = z.object({ type: z.literal('meta'), at: z.string(), title: z.string().optional(), settings: ChatSettings.partial().optional() })
const Message = z.object({ type: z.literal('message'), at: z.string(), message: StoredMessage })
/** Text added to a streaming answer since the previous delta. */
const Delta = z.object({ type: z.literal('delta'), at: z.string(), id: z.string(), text: z.string(), reasoning: z.string() })

/** How an answer ended: replaces whatever its deltas said. */
export const AnswerEnd = StoredMessage.pick({
  status: true,
  content: true,
  reasoning: true,
  reasoningMs: true,
  stats: true,
  model: true,
  droppedMessages: true,
  error: true
})
export type AnswerEnd = z.infer<typeof AnswerEnd>
const Done = AnswerEnd.extend({ type: z.literal('done'), at: z.string(), id: z.string() })

const LogLine = z.discriminatedUnion('type', [Created, Meta, Message, Delta, Done])
export type LogLine = z.infer<typeof LogLine>

export function toLine(line: LogLine): string {
  return `${JSON.stringify(line)}\n`
}

export interface FoldOptions {
  id: string
  /** Used for the dates when no line says them (the first line was lost). */
  fileTime: string
  /** Answers being written right now: these stay `streaming`. */
  streaming: ReadonlySet<string>
}

export interface Folded {
  conversation: Conversation
  /** 1-based numbers of the lines that were skipped. */
  skipped: number[]
}

interface Draft {
  title: string
  createdAt: string | null
  updatedAt: string | null
  settings: ChatSettings
  messages: StoredMessage[]
}

export function foldLog(text: string, options: FoldOptions): Folded {
  const draft: Draft = { title: '', createdAt: null, updatedAt: null, settings: defaultChatSettings, messages: [] }
  const skipped: number[] = []
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return
    const line = parseLine(raw)
    if (!line || !apply(draft, line)) skipped.push(index + 1)
    else if (!draft.updatedAt || line.at > draft.updatedAt) draft.updatedAt = line.at
  })
  for (const message of draft.messages) {
    if (message.status === 'streaming' && !options.streaming.has(message.id)) message.status = 'interrupted'
  }
  const firstQuestion = draft.messages.find((message) => message.role === 'user')
  const conversation: Conversation = {
    id: options.id,
    title: draft.title || (firstQuestion ? titleFrom(firstQuestion.content) : ''),
    createdAt: draft.createdAt ?? draft.messages[0]?.createdAt ?? options.fileTime,
    updatedAt: draft.updatedAt ?? options.fileTime,
    settings: draft.settings,
    messages: draft.messages,
    skippedLines: skipped.length
  }
  return { conversation, skipped }
}

/** The whole conversation as a fresh log: what an edit of the history writes (atomically) in place of the old one. */
export function compactLog(conversation: Conversation): string {
  const { id, createdAt, updatedAt, title, settings, messages } = conversation
  const lines: LogLine[] = [
    { type: 'created', v: 1, id, at: createdAt, title, settings },
    ...messages.map((message): LogLine => ({ type: 'message', at: updatedAt, message }))
  ]
  return lines.map(toLine).join('')
}

function parseLine(raw: string): LogLine | null {
  try {
    const parsed = LogLine.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Applies one line; false when it refers to a message the file does not have. */
function apply(draft: Draft, line: LogLine): boolean {
  switch (line.type) {
    case 'created':
      draft.createdAt ??= line.at
      draft.title = line.title
      draft.settings = line.settings
      return true
    case 'meta':
      if (line.title !== undefined) draft.title = line.title
      if (line.settings) draft.settings = { ...draft.settings, ...line.settings }
      return true
    case 'message': {
      const index = draft.messages.findIndex((message) => message.id === line.message.id)
      if (index === -1) draft.messages.push(line.message)
      else draft.messages[index] = line.message
      return true
    }
    case 'delta': {
      const message = draft.messages.findLast((candidate) => candidate.id === line.id)
      if (!message) return false
      message.content += line.text
      message.reasoning = (message.reasoning ?? '') + line.reasoning
      return true
    }
    case 'done': {
      const message = draft.messages.findLast((candidate) => candidate.id === line.id)
      if (!message) return false
      const { type: _type, at: _at, id: _id, ...end } = line
      Object.assign(message, end)
      return true
    }
  }
}
