/** A conversation as a file to keep or share: Markdown to read, JSON with everything the app knows. */
import type { Conversation, StoredMessage } from '../../../shared/chats'

export interface ExportedFile {
  fileName: string
  mimeType: string
  content: string
}

export function exportConversation(conversation: Conversation, format: 'markdown' | 'json'): ExportedFile {
  const name = safeFileName(conversation.title || `EXAONE chat ${conversation.createdAt.slice(0, 10)}`)
  if (format === 'json') return { fileName: `${name}.json`, mimeType: 'application/json', content: `${JSON.stringify(conversation, null, 2)}\n` }
  return { fileName: `${name}.md`, mimeType: 'text/markdown', content: toMarkdown(conversation) }
}

/** A name every desktop system accepts: no path characters, no control characters, no reserved Windows name. */
export function safeFileName(title: string): string {
  const cleaned = Array.from(
    title
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[.\s]+|[.\s]+$/g, '')
  )
    .slice(0, 80)
    .join('')
    .trim()
  if (cleaned === '') return 'EXAONE chat'
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned) ? `EXAONE chat - ${cleaned}` : cleaned
}

function toMarkdown(conversation: Conversation): string {
  const parts = [`# ${(conversation.title || 'EXAONE chat').replace(/\s+/g, ' ')}`]
  if (conversation.settings.systemPrompt) parts.push(`System prompt:\n\n${quote(conversation.settings.systemPrompt)}`)
  for (const message of conversation.messages) parts.push(...turn(message))
  return `${parts.join('\n\n')}\n`
}

function turn(message: StoredMessage): string[] {
  if (message.role === 'user') return ['**You**', message.content]
  const parts = ['**EXAONE**']
  if (message.reasoning) parts.push(`<details>\n<summary>Reasoning</summary>\n\n${message.reasoning}\n\n</details>`)
  if (message.content) parts.push(message.content)
  const note = statusNote(message)
  if (note) parts.push(`*${note}*`)
  return parts
}

function statusNote(message: StoredMessage): string | null {
  switch (message.status) {
    case 'complete':
      return null
    case 'streaming':
      return '(still being written)'
    case 'interrupted':
      return '(cut off: the app closed while answering)'
    case 'stopped':
      return '(stopped)'
    case 'failed':
      return `(failed: ${message.error?.message ?? 'the answer could not be finished'})`
  }
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n')
}
