/** What the conversation list shows and searches: titles, previews and the text a search looks through. */
import type { Conversation, ConversationSummary } from '../../../shared/chats'

const titleLength = 60
const previewLength = 120

/** The first line of the first message, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? ''
  return shorten(firstLine, titleLength)
}

export function summarize(conversation: Conversation): ConversationSummary {
  const last = conversation.messages.findLast((message) => message.content.trim() !== '')
  return {
    id: conversation.id,
    title: conversation.title,
    updatedAt: conversation.updatedAt,
    messageCount: conversation.messages.length,
    preview: last ? shorten(last.content, previewLength) : '',
    skippedLines: conversation.skippedLines
  }
}

/** Everything a search matches: the title and every message. */
export function searchText(conversation: Conversation): string {
  return forSearch([conversation.title, ...conversation.messages.map((message) => message.content)].join('\n'))
}

/**
 * Case-insensitive, and the same for composed and decomposed Hangul (macOS file names and some input methods
 * give decomposed jamo).
 */
export function forSearch(text: string): string {
  return text.normalize('NFC').toLowerCase()
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= length) return flat
  const cut = flat.slice(0, length)
  const lastSpace = cut.lastIndexOf(' ')
  // Text without spaces (a URL, code) is cut where it is; otherwise at the last whole word.
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`
}
