import { create } from 'zustand'
import type { ChatSettings, Conversation, ConversationSummary } from '../../../shared/chats'
import type { StreamChunk } from '../../../shared/engine'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import type { RemoteRetry } from '../../../shared/remote-engines'
import { call, on } from '../bridge'

/** The answer being written: streamed text arrives here, apart from the stored conversation. */
export interface Streaming {
  chatId: string
  requestId: string
  text: string
  reasoning: string
  seq: number
  startedAt: number
  /** When the first answer text (not reasoning) arrived: "Thought for 12 s". */
  answerAt: number | null
  /** A busy remote engine asked to be tried again later and the backend waits for it; cleared by the next text. */
  waiting: RemoteRetry | null
}

interface ChatsStore {
  list: ConversationSummary[]
  /** False until the backend's first list: the chat page waits for it before choosing what to show. */
  listLoaded: boolean
  query: string
  activeId: string | null
  active: Conversation | null
  streaming: Streaming | null
  error: AppErrorData | null
  /** What "Try again" under the error does: the failed answer again, or the refused action again. */
  retry: (() => Promise<void>) | null
  /** The last deleted conversation, while its undo is offered. */
  deleted: { chatId: string; title: string } | null
  refreshList(): Promise<void>
  setQuery(query: string): void
  open(chatId: string | null): Promise<void>
  create(settings?: Partial<ChatSettings>): Promise<string>
  send(content: string): Promise<void>
  regenerate(): Promise<void>
  edit(messageId: string, content: string): Promise<void>
  stop(): Promise<void>
  rename(chatId: string, title: string): Promise<void>
  remove(chatId: string): Promise<void>
  undoRemove(): Promise<void>
  updateSettings(settings: Partial<ChatSettings>): Promise<void>
  dismissError(): void
}

export const useChats = create<ChatsStore>()((set, get) => {
  /** The chat `create` is waiting for the backend to make, if any. */
  let creating: Promise<string> | null = null
  /** Keeps a failure to show under the chat, with what "Try again" runs. */
  const fail = (error: unknown, retry: () => Promise<void>): void => set({ error: toErrorData(error), retry })

  /**
   * Runs one generation request of the open chat, with its stream shown until the stored answer replaces it.
   * `again` is the request itself, for "Try again" when it was refused before an answer was stored.
   */
  const generate = async (chatId: string, run: (requestId: string) => Promise<Conversation>, again: () => Promise<void>): Promise<void> => {
    const requestId = crypto.randomUUID()
    set({ streaming: { chatId, requestId, text: '', reasoning: '', seq: -1, startedAt: performance.now(), answerAt: null, waiting: null }, error: null, retry: null })
    try {
      const conversation = await run(requestId)
      if (get().activeId === chatId) set({ active: conversation })
    } catch (error) {
      // Read the chat again first (that takes the optimistic messages back), then say why: open() clears errors.
      if (get().activeId === chatId) await get().open(chatId)
      // A stored failed answer is tried again by regenerating it; anything else by asking again.
      const last = get().active?.messages.at(-1)
      fail(error, last?.role === 'assistant' && last.status === 'failed' ? () => get().regenerate() : again)
    } finally {
      if (get().streaming?.requestId === requestId) set({ streaming: null })
    }
  }

  return {
    list: [],
    listLoaded: false,
    query: '',
    activeId: null,
    active: null,
    streaming: null,
    error: null,
    retry: null,
    deleted: null,

    async refreshList() {
      const query = get().query.trim()
      try {
        const list = await call('chats:list', query ? { query } : {})
        if (get().query.trim() === query) set({ list, listLoaded: true })
      } catch (error) {
        fail(error, () => get().refreshList())
      }
    },

    setQuery(query) {
      set({ query })
      void get().refreshList()
    },

    async open(chatId) {
      set({ activeId: chatId, error: null, retry: null })
      if (!chatId) {
        set({ active: null })
        return
      }
      try {
        const conversation = await call('chats:get', { chatId })
        if (get().activeId === chatId) set({ active: conversation })
      } catch (error) {
        set({ active: null })
        fail(error, () => get().open(chatId))
      }
    },

    async create(settings) {
      // An open chat with nothing in it, or one still being made, is already a new chat: no pile of empty ones
      // (a double click, or the shortcut held down).
      const active = get().active
      if (!settings && active && active.messages.length === 0) return active.id
      if (!settings && creating) return creating
      const created = call('chats:create', settings ? { settings } : {}).then((conversation) => {
        set({ activeId: conversation.id, active: conversation })
        void get().refreshList()
        return conversation.id
      })
      creating = created
      try {
        return await created
      } finally {
        if (creating === created) creating = null
      }
    },

    async send(content) {
      // A message sent while a new chat is being created goes to it, not to the chat still on screen; if the creation
      // failed (its error is shown where it was asked for), to the chat on screen.
      const pending = creating && (await creating.catch(() => null))
      const chatId = pending ?? get().activeId ?? (await get().create())
      const active = get().active
      if (active) {
        // Shown at once; the stored conversation replaces it when the backend has written it.
        const now = new Date().toISOString()
        set({
          active: {
            ...active,
            messages: [
              ...active.messages,
              { id: `pending-user-${now}`, role: 'user', content, status: 'complete', createdAt: now },
              { id: `pending-answer-${now}`, role: 'assistant', content: '', status: 'streaming', createdAt: now }
            ]
          }
        })
      }
      await generate(chatId, (requestId) => call('chats:send', { chatId, content, requestId }), () => get().send(content))
    },

    async regenerate() {
      const chatId = get().activeId
      if (chatId) await generate(chatId, (requestId) => call('chats:regenerate', { chatId, requestId }), () => get().regenerate())
    },

    async edit(messageId, content) {
      const chatId = get().activeId
      if (chatId) await generate(chatId, (requestId) => call('chats:edit', { chatId, messageId, content, requestId }), () => get().edit(messageId, content))
    },

    async stop() {
      const streaming = get().streaming
      if (streaming) await call('chats:stop', { chatId: streaming.chatId })
    },

    async rename(chatId, title) {
      await call('chats:rename', { chatId, title })
      await get().refreshList()
    },

    async remove(chatId) {
      const title = get().list.find((item) => item.id === chatId)?.title ?? ''
      await call('chats:delete', { chatId })
      set({ deleted: { chatId, title } })
      if (get().activeId === chatId) set({ activeId: null, active: null })
      await get().refreshList()
    },

    async undoRemove() {
      const deleted = get().deleted
      if (!deleted) return
      set({ deleted: null })
      await call('chats:restore', { chatId: deleted.chatId })
      await get().refreshList()
      await get().open(deleted.chatId)
    },

    async updateSettings(settings) {
      const { activeId: chatId, active } = get()
      if (!chatId || !active) return
      // Switches and fields answer at once; the stored settings replace these when the backend has written them.
      set({ active: { ...active, settings: { ...active.settings, ...settings } } })
      try {
        const stored = await call('chats:update-settings', { chatId, settings })
        if (get().activeId === chatId) set({ active: stored })
      } catch (error) {
        // Refused: the switches go back to what is stored.
        const shown = get().active
        if (get().activeId === chatId && shown) set({ active: { ...shown, settings: active.settings } })
        fail(error, () => get().updateSettings(settings))
      }
    },

    dismissError() {
      set({ error: null, retry: null })
    }
  }
})

export function startChatsSync(): () => void {
  void useChats.getState().refreshList()
  // Batches that came before the one they follow, by number, until the gap is filled (for one request).
  let early = new Map<number, StreamChunk>()
  let earlyFor: string | null = null
  const stops = [
    on('chats:changed', () => void useChats.getState().refreshList()),
    on('chats:updated', (conversation) => {
      const { activeId } = useChats.getState()
      if (conversation.id === activeId) useChats.setState({ active: conversation })
    }),
    on('engine:stream', (chunk) => {
      let streaming = useChats.getState().streaming
      // Batches arrive numbered from 0; one seen twice (a reconnect) is ignored, one that comes early waits.
      if (!streaming || chunk.requestId !== streaming.requestId || chunk.seq <= streaming.seq) return
      if (earlyFor !== chunk.requestId) {
        early = new Map()
        earlyFor = chunk.requestId
      }
      early.set(chunk.seq, chunk)
      for (let next = early.get(streaming.seq + 1); next; next = early.get(streaming.seq + 1)) {
        early.delete(next.seq)
        streaming = {
          ...streaming,
          seq: next.seq,
          text: streaming.text + next.text,
          reasoning: streaming.reasoning + next.reasoning,
          answerAt: streaming.answerAt ?? (next.text ? performance.now() : null),
          waiting: null
        }
      }
      if (streaming !== useChats.getState().streaming) useChats.setState({ streaming })
    }),
    on('engines:retrying', (waiting) => {
      const { streaming } = useChats.getState()
      if (streaming?.requestId === waiting.requestId) useChats.setState({ streaming: { ...streaming, waiting } })
    })
  ]
  return () => stops.forEach((stop) => stop())
}
