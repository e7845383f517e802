/**
 * Conversations as the chat window uses them: each message is saved before it is sent, each answer is saved as
 * it streams and when it ends, and a failure of the engine leaves the conversation readable with what was said.
 */
import { defaultChatSettings, type chatRequests, type ChatSettings, type Conversation, type ConversationSummary } from '../../../shared/chats'
import { catalogEntryFor, entrySampling, entrySystemPrompt } from '../../../shared/chat-recommendations'
import type { ModelEntry } from '../../../shared/catalog/models'
import { unstartedResult, type ChatGenerateRequest, type EngineState, type GenerateResult } from '../../../shared/engine'
import { loadedModel } from '../../../shared/engine-plain'
import { AppError, toErrorData } from '../../../shared/errors'
import type { Handlers } from '../../dispatcher'
import type { EventHub } from '../../event-hub'
import { AnswerRecorder } from './answer-recorder'
import type { AnswerEnd } from './conversation-log'
import type { ConversationStore } from './conversation-store'
import { exportConversation, type ExportedFile } from './export'
import { editQuestion, engineMessages, pendingAnswer, question, regenerateLast } from './history'
import { summarize } from './summaries'

/** The part of the engine a chat needs (EngineService has it). */
export interface ChatEngine {
  readonly state: EngineState
  generate(request: ChatGenerateRequest): Promise<GenerateResult>
  abort(requestId: string): boolean
}

/** Who writes the next answer: the engine, the model's name for the answer's record, and its catalog entry. */
export interface Answerer {
  engine: Pick<ChatEngine, 'generate' | 'abort'>
  /** undefined while the local engine has no model. */
  name: string | undefined
  /** LG's recommendations for it, when it is a catalog model. */
  entry: ModelEntry | undefined
}

export interface ChatServiceOptions {
  store: ConversationStore
  hub: EventHub
  /** The local llama.cpp engine. */
  engine: ChatEngine
  /** The remote engine's model when the chat uses one (RemoteEngineService), else null: the local engine answers. */
  remote?: { answerer(): Promise<Answerer | null> }
}

interface Generation {
  requestId: string
  /** Whoever answers it, so a stop reaches the engine that has it. */
  engine: Answerer['engine'] | null
  /** Set once the engine has the request: from then on a stop is an abort. */
  started: boolean
  stopRequested: boolean
  finished: Promise<unknown>
}

export class ChatService {
  private readonly generations = new Map<string, Generation>()

  constructor(private readonly options: ChatServiceOptions) {}

  list(query?: string): Promise<ConversationSummary[]> {
    return this.options.store.list(query)
  }

  get(chatId: string): Promise<Conversation> {
    return this.options.store.get(chatId)
  }

  /** Starts with LG's recommended system prompt for the model that answers (only 3.5 has one) and reasoning off. */
  async create(settings: Partial<ChatSettings> = {}): Promise<Conversation> {
    const systemPrompt = entrySystemPrompt((await this.answerer()).entry)
    const conversation = await this.options.store.create({ ...defaultChatSettings, systemPrompt, ...settings })
    this.announce(conversation)
    return conversation
  }

  async rename(chatId: string, title: string): Promise<ConversationSummary> {
    const conversation = await this.options.store.update(chatId, { title })
    this.announce(conversation)
    return summarize(conversation)
  }

  async updateSettings(chatId: string, settings: Partial<ChatSettings>): Promise<Conversation> {
    const conversation = await this.options.store.update(chatId, { settings })
    this.announce(conversation)
    return conversation
  }

  /** An answer being written is stopped first, so it ends in the file before the file moves. */
  async delete(chatId: string): Promise<{ deleted: boolean }> {
    const running = this.generations.get(chatId)
    if (running) {
      this.stop(chatId)
      await running.finished
    }
    const deleted = await this.options.store.moveToTrash(chatId)
    if (deleted) this.options.hub.emit('chats:changed', { chatId })
    return { deleted }
  }

  async restore(chatId: string): Promise<ConversationSummary> {
    await this.options.store.restore(chatId)
    const conversation = await this.options.store.get(chatId)
    this.announce(conversation)
    return summarize(conversation)
  }

  async send(chatId: string, content: string, requestId: string): Promise<Conversation> {
    return this.generate(chatId, requestId, async (conversation, now) => {
      const asked = question(content, now)
      const answer = pendingAnswer(now)
      await this.options.store.addMessage(chatId, asked)
      await this.options.store.addMessage(chatId, answer)
      return { ...conversation, updatedAt: now, messages: [...conversation.messages, asked, answer] }
    })
  }

  async regenerate(chatId: string, requestId: string): Promise<Conversation> {
    return this.generate(chatId, requestId, async (conversation, now) => {
      const next = regenerateLast(conversation, now)
      await this.options.store.replace(next)
      return next
    })
  }

  async edit(chatId: string, messageId: string, content: string, requestId: string): Promise<Conversation> {
    return this.generate(chatId, requestId, async (conversation, now) => {
      const next = editQuestion(conversation, messageId, content, now)
      await this.options.store.replace(next)
      return next
    })
  }

  stop(chatId: string): { stopped: boolean } {
    const generation = this.generations.get(chatId)
    if (!generation) return { stopped: false }
    generation.stopRequested = true
    if (generation.started) generation.engine?.abort(generation.requestId)
    return { stopped: true }
  }

  async export(chatId: string, format: 'markdown' | 'json'): Promise<ExportedFile> {
    return exportConversation(await this.options.store.get(chatId), format)
  }

  /**
   * Claims the conversation (one answer at a time, and one model for all conversations), lets `prepare` save the
   * question and an empty answer, then streams the answer into it.
   */
  private generate(chatId: string, requestId: string, prepare: (conversation: Conversation, now: string) => Promise<Conversation>): Promise<Conversation> {
    this.refuseWhileAnswering(chatId)
    const generation: Generation = { requestId, engine: null, started: false, stopRequested: false, finished: Promise.resolve() }
    this.generations.set(chatId, generation)
    const work = (async () => {
      const prepared = await prepare(await this.options.store.get(chatId), new Date().toISOString())
      this.options.hub.emit('chats:updated', prepared)
      this.options.hub.emit('chats:changed', { chatId })
      return this.answer(prepared, generation)
    })().finally(() => this.generations.delete(chatId))
    generation.finished = work.catch(() => undefined)
    return work
  }

  private async answer(conversation: Conversation, generation: Generation): Promise<Conversation> {
    const { store, hub } = this.options
    const chatId = conversation.id
    const answer = conversation.messages.at(-1)
    if (!answer) throw new Error('prepare() must end the conversation with the pending answer')
    const answerer = await this.answerer()
    const model = answerer.name
    const recorder = new AnswerRecorder((text, reasoning) => store.appendDelta(chatId, answer.id, text, reasoning))
    const unsubscribe = hub.on('engine:stream', (chunk) => {
      if (chunk.requestId === generation.requestId) recorder.push(chunk)
    })
    const startedAt = performance.now()
    let end: AnswerEnd
    let failure: AppError | null = null
    try {
      const result = await this.run(conversation, generation, answerer)
      const thoughtMs = (recorder.firstTextAt ?? performance.now()) - startedAt
      end = {
        status: result.stopReason === 'aborted' ? 'stopped' : 'complete',
        content: result.text,
        reasoning: result.reasoning,
        ...(result.reasoning !== '' && { reasoningMs: Math.round(thoughtMs) }),
        stats: result.stats,
        droppedMessages: result.droppedMessages,
        ...(model && { model })
      }
    } catch (error) {
      failure = error instanceof AppError ? error : new AppError(toErrorData(error))
      const { code, message, hint, engineName } = failure
      end = {
        status: 'failed',
        content: recorder.text.trim(),
        reasoning: recorder.reasoning.trim(),
        error: { code, message, ...(hint !== undefined && { hint }), ...(engineName !== undefined && { engineName }) },
        ...(model && { model })
      }
    } finally {
      unsubscribe()
      await recorder.close()
    }
    await store.finishAnswer(chatId, answer.id, end)
    const finished = await store.get(chatId)
    hub.emit('chats:updated', finished)
    hub.emit('chats:changed', { chatId })
    if (failure) throw failure
    return finished
  }

  /** A stop asked for before the engine had the request ends the answer without starting it. */
  private async run(conversation: Conversation, generation: Generation, answerer: Answerer): Promise<GenerateResult> {
    const { settings, messages } = conversation
    if (generation.stopRequested) return unstartedResult(generation.requestId)
    const recommended = entrySampling(answerer.entry, settings.reasoning)
    generation.engine = answerer.engine
    const pending = answerer.engine.generate({
      requestId: generation.requestId,
      messages: engineMessages(settings, messages.slice(0, -1)),
      reasoning: settings.reasoning,
      sampling: { ...recommended, ...settings.sampling }
    })
    generation.started = true
    return pending
  }

  private refuseWhileAnswering(chatId: string): void {
    if (this.generations.has(chatId)) {
      throw new AppError({ code: 'busy', message: 'This conversation is still being answered.', hint: 'Wait for the answer, or stop it first.' })
    }
    if (this.generations.size > 0) {
      throw new AppError({ code: 'busy', message: 'The model is answering in another conversation.', hint: 'Wait for that answer, or stop it first.' })
    }
  }

  /** The remote engine's model when one is chosen, else the local engine with whatever it has loaded. */
  private async answerer(): Promise<Answerer> {
    const remote = await this.options.remote?.answerer()
    if (remote) return remote
    const model = loadedModel(this.options.engine.state)
    return { engine: this.options.engine, name: model?.name, entry: model ? catalogEntryFor(model) : undefined }
  }

  private announce(conversation: Conversation): void {
    this.options.hub.emit('chats:updated', conversation)
    this.options.hub.emit('chats:changed', { chatId: conversation.id })
  }
}

type ChatRequestName = keyof typeof chatRequests

export function chatHandlers(chats: ChatService): Pick<Handlers, ChatRequestName> {
  return {
    'chats:list': ({ query }) => chats.list(query),
    'chats:get': ({ chatId }) => chats.get(chatId),
    'chats:create': ({ settings }) => chats.create(settings),
    'chats:rename': ({ chatId, title }) => chats.rename(chatId, title),
    'chats:update-settings': ({ chatId, settings }) => chats.updateSettings(chatId, settings),
    'chats:delete': ({ chatId }) => chats.delete(chatId),
    'chats:restore': ({ chatId }) => chats.restore(chatId),
    'chats:send': ({ chatId, content, requestId }) => chats.send(chatId, content, requestId),
    'chats:regenerate': ({ chatId, requestId }) => chats.regenerate(chatId, requestId),
    'chats:edit': ({ chatId, messageId, content, requestId }) => chats.edit(chatId, messageId, content, requestId),
    'chats:stop': ({ chatId }) => chats.stop(chatId),
    'chats:export': ({ chatId, format }) => chats.export(chatId, format)
  }
}
