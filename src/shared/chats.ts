/** Conversations: what the chat window lists, shows and sends, and what survives a crash on disk. */
import { z } from 'zod'
import { GenerationStats, Sampling } from './engine'

const Id = z.string().min(1).max(100)

export const MessageStatus = z.enum(['complete', 'streaming', 'interrupted', 'stopped', 'failed'])
export type MessageStatus = z.infer<typeof MessageStatus>

export const Answer = z.object({
  content: z.string(),
  reasoning: z.string(),
  /** How long the model thought, for "Thought for 12 s". */
  reasoningMs: z.number().optional(),
  stats: GenerationStats.optional(),
  model: z.string().optional(),
  createdAt: z.string()
})
export type Answer = z.infer<typeof Answer>

export const StoredMessage = z.object({
  id: Id,
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  reasoning: z.string().optional(),
  reasoningMs: z.number().optional(),
  status: MessageStatus,
  createdAt: z.string(),
  stats: GenerationStats.optional(),
  /** The model that wrote an answer (its name). */
  model: z.string().optional(),
  /** Oldest messages the engine left out to fit this answer's context. */
  droppedMessages: z.number().int().optional(),
  /** Earlier answers to the same message, kept when the user regenerates or edits. */
  alternatives: z.array(Answer).optional(),
  /** Why the answer failed; `engineName` names the remote engine that failed it. */
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), engineName: z.string().optional() }).optional()
})
export type StoredMessage = z.infer<typeof StoredMessage>

export const ChatSettings = z.object({
  systemPrompt: z.string().max(100_000),
  reasoning: z.boolean(),
  /** Overrides of the model's recommended sampling; empty means the recommendation. */
  sampling: Sampling
})
export type ChatSettings = z.infer<typeof ChatSettings>

/** A new conversation's settings, and what a file that lost its first line reads as: no system prompt, reasoning off, the recommended sampling. */
export const defaultChatSettings: ChatSettings = { systemPrompt: '', reasoning: false, sampling: {} }

export const Conversation = z.object({
  id: Id,
  /** Empty until the first message (the window shows "New chat"), then its first line, unless renamed. */
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  settings: ChatSettings,
  messages: z.array(StoredMessage),
  /** Lines of the file that could not be read and were skipped (the rest still loads). */
  skippedLines: z.number().int()
})
export type Conversation = z.infer<typeof Conversation>

export const ConversationSummary = z.object({
  id: Id,
  title: z.string(),
  updatedAt: z.string(),
  messageCount: z.number().int(),
  preview: z.string(),
  skippedLines: z.number().int()
})
export type ConversationSummary = z.infer<typeof ConversationSummary>

const ChatRef = z.object({ chatId: Id }).strict()
const Generation = { requestId: Id }

export const chatRequests = {
  'chats:list': { args: z.object({ query: z.string().max(500).optional() }).strict(), result: z.array(ConversationSummary) },
  'chats:get': { args: ChatRef, result: Conversation },
  'chats:create': { args: z.object({ settings: ChatSettings.partial().optional() }).strict(), result: Conversation },
  'chats:rename': { args: z.object({ chatId: Id, title: z.string().trim().min(1).max(200) }).strict(), result: ConversationSummary },
  'chats:update-settings': { args: z.object({ chatId: Id, settings: ChatSettings.partial() }).strict(), result: Conversation },
  /** Moves the conversation aside; `chats:restore` brings it back (undo) until the app next starts. */
  'chats:delete': { args: ChatRef, result: z.object({ deleted: z.boolean() }) },
  'chats:restore': { args: ChatRef, result: ConversationSummary },
  /** Sends a message and streams the answer (engine:stream events with this requestId); resolves when it ends. */
  'chats:send': { args: z.object({ chatId: Id, content: z.string().min(1).max(1_000_000), ...Generation }).strict(), result: Conversation },
  /** A new answer to the last user message; the current one is kept as an alternative. */
  'chats:regenerate': { args: z.object({ chatId: Id, ...Generation }).strict(), result: Conversation },
  /**
   * Replaces a sent message and answers it again. The answer it had is kept as an alternative; messages after
   * that answer are removed, which the window confirms with the user first.
   */
  'chats:edit': { args: z.object({ chatId: Id, messageId: Id, content: z.string().min(1).max(1_000_000), ...Generation }).strict(), result: Conversation },
  'chats:stop': { args: ChatRef, result: z.object({ stopped: z.boolean() }) },
  'chats:export': {
    args: z.object({ chatId: Id, format: z.enum(['markdown', 'json']) }).strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() })
  }
} as const

export const chatEvents = {
  /** The list changed: a conversation was created, renamed, deleted, restored or got a message. */
  'chats:changed': z.object({ chatId: Id.optional() }),
  /** One conversation changed (a message added, completed, interrupted): the open chat reloads or patches it. */
  'chats:updated': Conversation
} as const
