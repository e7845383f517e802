/**
 * Conversations on disk: chats/<id>.jsonl, one append-only log per conversation (see conversation-log.ts).
 * Messages and finished answers are fsynced; streaming deltas are not (a crash loses at most the last second of
 * an answer). Edits of the history replace the file atomically with a compacted log. Deleted conversations wait
 * in chats/.trash/ until the next start, so a delete can be undone.
 */
import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChatSettings, Conversation, ConversationSummary, StoredMessage } from '../../../shared/chats'
import { AppError } from '../../../shared/errors'
import { writeFileAtomic } from '../../json-file'
import { compactLog, foldLog, toLine, type AnswerEnd, type LogLine } from './conversation-log'
import { forSearch, searchText, summarize } from './summaries'

const extension = '.jsonl'
const trashFolder = '.trash'
/** Letters, digits, - and _: nothing that could leave the chats folder. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/
/** Files read at once while listing, well under the usual limit of open files. */
const readBatch = 32

interface CachedSummary {
  mtimeMs: number
  size: number
  summary: ConversationSummary
  search: string
}

export class ConversationStore {
  private readonly summaries = new Map<string, CachedSummary>()
  private readonly queues = new Map<string, Promise<unknown>>()
  /** Answers this process is writing, per conversation: they read as `streaming`, not `interrupted`. */
  private readonly streaming = new Map<string, Set<string>>()
  /** Files known to end with a newline, so an append never glues onto a half-written line. */
  private readonly endsCleanly = new Set<string>()
  private readonly warnedSkips = new Map<string, number>()

  private constructor(readonly folder: string) {}

  /**
   * Opens the chats folder. The app's own start (`purgeTrash`) empties what was deleted before it; a CLI command
   * run beside the open app must not take away the undo of a chat just deleted there.
   */
  static async open(folder: string, { purgeTrash = false } = {}): Promise<ConversationStore> {
    await mkdir(folder, { recursive: true })
    if (purgeTrash) await rm(join(folder, trashFolder), { recursive: true, force: true })
    return new ConversationStore(folder)
  }

  /** Newest first; `query` matches titles and message text, whatever the case. */
  async list(query = ''): Promise<ConversationSummary[]> {
    const ids = (await readdir(this.folder)).filter((name) => name.endsWith(extension)).map((name) => name.slice(0, -extension.length))
    const found: CachedSummary[] = []
    for (let start = 0; start < ids.length; start += readBatch) {
      const batch = await Promise.all(ids.slice(start, start + readBatch).filter((id) => idPattern.test(id)).map((id) => this.cachedSummary(id)))
      for (const entry of batch) if (entry) found.push(entry)
    }
    const wanted = forSearch(query.trim())
    return found
      .filter((entry) => entry.search.includes(wanted))
      .map((entry) => entry.summary)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
  }

  async get(id: string): Promise<Conversation> {
    const path = this.pathOf(id)
    return this.serial(id, async () => (await this.read(id, path)).conversation)
  }

  async create(settings: ChatSettings): Promise<Conversation> {
    const id = randomUUID()
    const at = new Date().toISOString()
    await writeFileAtomic(this.pathOf(id), toLine({ type: 'created', v: 1, id, at, title: '', settings })).catch((error: unknown) => {
      throw fileError(error, 'The new conversation could not be saved')
    })
    this.endsCleanly.add(id)
    return { id, title: '', createdAt: at, updatedAt: at, settings, messages: [], skippedLines: 0 }
  }

  async update(id: string, change: { title?: string; settings?: Partial<ChatSettings> }): Promise<Conversation> {
    await this.append(id, { type: 'meta', at: new Date().toISOString(), ...change }, true)
    return this.get(id)
  }

  /** Saved for good before it returns; an answer added as `streaming` is then written to with deltas. */
  async addMessage(id: string, message: StoredMessage): Promise<void> {
    if (message.status === 'streaming') this.markStreaming(id, message.id)
    await this.append(id, { type: 'message', at: message.createdAt, message }, true)
  }

  async appendDelta(id: string, messageId: string, text: string, reasoning: string): Promise<void> {
    await this.append(id, { type: 'delta', at: new Date().toISOString(), id: messageId, text, reasoning }, false)
  }

  async finishAnswer(id: string, messageId: string, end: AnswerEnd): Promise<void> {
    try {
      await this.append(id, { type: 'done', at: new Date().toISOString(), id: messageId, ...end }, true)
    } finally {
      this.streaming.get(id)?.delete(messageId)
    }
  }

  /** Replaces the history (an edit, a regeneration) in one atomic step; unreadable lines are kept aside first. */
  async replace(conversation: Conversation): Promise<void> {
    const path = this.pathOf(conversation.id)
    for (const message of conversation.messages) if (message.status === 'streaming') this.markStreaming(conversation.id, message.id)
    await this.serial(conversation.id, async () => {
      try {
        if (conversation.skippedLines > 0) await copyFile(path, `${path}.corrupt-${Date.now()}`)
        await writeFileAtomic(path, compactLog(conversation))
      } catch (error) {
        throw fileError(error, 'The conversation could not be saved')
      }
      this.endsCleanly.add(conversation.id)
      this.summaries.delete(conversation.id)
    })
  }

  /** False when there was no such conversation. */
  async moveToTrash(id: string): Promise<boolean> {
    const path = this.pathOf(id)
    return this.serial(id, async () => {
      await mkdir(join(this.folder, trashFolder), { recursive: true })
      try {
        await rename(path, this.trashPathOf(id))
      } catch (error) {
        if (isMissing(error)) return false
        throw fileError(error, 'The conversation could not be deleted')
      }
      this.forget(id)
      return true
    })
  }

  async restore(id: string): Promise<void> {
    const path = this.pathOf(id)
    await this.serial(id, async () => {
      try {
        await rename(this.trashPathOf(id), path)
      } catch (error) {
        if (!isMissing(error)) throw fileError(error, 'The conversation could not be restored')
        throw new AppError({
          code: 'not-found',
          message: 'This conversation can no longer be restored.',
          hint: 'Deleted conversations are removed for good when the app starts again.'
        })
      }
    })
  }

  private async cachedSummary(id: string): Promise<CachedSummary | null> {
    try {
      return await this.serial(id, async () => {
        const cached = this.summaries.get(id)
        const path = this.pathOf(id)
        if (cached) {
          const { mtimeMs, size } = await stat(path)
          if (cached.mtimeMs === mtimeMs && cached.size === size) return cached
        }
        const { conversation, mtimeMs, size } = await this.read(id, path)
        const entry = { mtimeMs, size, summary: summarize(conversation), search: searchText(conversation) }
        this.summaries.set(id, entry)
        return entry
      })
    } catch (error) {
      // One unreadable file must not hide the others.
      const deletedMeanwhile = isMissing(error) || (error instanceof AppError && error.code === 'not-found')
      if (!deletedMeanwhile) console.warn(`Conversation ${id} could not be listed:`, error)
      return null
    }
  }

  private async read(id: string, path: string): Promise<{ conversation: Conversation; mtimeMs: number; size: number }> {
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (error) {
      throw isMissing(error) ? notFound() : fileError(error, 'The conversation could not be read')
    }
    try {
      const { mtime, mtimeMs, size } = await handle.stat()
      const text = await handle.readFile('utf8')
      if (text === '' || text.endsWith('\n')) this.endsCleanly.add(id)
      else this.endsCleanly.delete(id)
      const { conversation, skipped } = foldLog(text, { id, fileTime: mtime.toISOString(), streaming: this.streaming.get(id) ?? new Set() })
      if (skipped.length > 0 && this.warnedSkips.get(id) !== skipped.length) {
        console.warn(`Conversation ${id}: skipped ${skipped.length} unreadable line(s) (line ${skipped.join(', ')}); the rest loaded.`)
      }
      this.warnedSkips.set(id, skipped.length)
      return { conversation, mtimeMs, size }
    } finally {
      await handle.close()
    }
  }

  private async append(id: string, line: LogLine, durable: boolean): Promise<void> {
    const path = this.pathOf(id)
    await this.serial(id, async () => {
      let handle: FileHandle
      try {
        // Without O_CREAT: writing to a deleted conversation must fail, not bring back a file of loose lines.
        handle = await open(path, constants.O_RDWR | constants.O_APPEND)
      } catch (error) {
        throw isMissing(error) ? notFound() : fileError(error, 'The conversation could not be saved')
      }
      try {
        const separator = (await this.endsWithNewline(id, handle)) ? '' : '\n'
        await handle.writeFile(separator + toLine(line))
        if (durable) await handle.sync()
      } catch (error) {
        throw fileError(error, 'The conversation could not be saved')
      } finally {
        await handle.close()
      }
      this.endsCleanly.add(id)
      this.summaries.delete(id)
    })
  }

  private async endsWithNewline(id: string, handle: FileHandle): Promise<boolean> {
    if (this.endsCleanly.has(id)) return true
    const { size } = await handle.stat()
    if (size === 0) return true
    const last = Buffer.alloc(1)
    await handle.read(last, 0, 1, size - 1)
    return last[0] === 0x0a
  }

  /** One operation at a time per file, in the order asked: appends never interleave with a rewrite or a read. */
  private serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(id) ?? Promise.resolve()).catch(() => undefined).then(work)
    const settled = next.catch(() => undefined)
    this.queues.set(id, settled)
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id)
    })
    return next
  }

  private markStreaming(id: string, messageId: string): void {
    let set = this.streaming.get(id)
    if (!set) this.streaming.set(id, (set = new Set()))
    set.add(messageId)
  }

  private forget(id: string): void {
    this.summaries.delete(id)
    this.endsCleanly.delete(id)
    this.streaming.delete(id)
    this.warnedSkips.delete(id)
  }

  private pathOf(id: string): string {
    if (!idPattern.test(id)) {
      throw new AppError({
        code: 'bad-request',
        message: `"${id.slice(0, 100)}" is not a conversation id.`,
        hint: 'Conversation ids are letters, digits, "-" and "_"; choose the conversation from the list.'
      })
    }
    return join(this.folder, `${id}${extension}`)
  }

  private trashPathOf(id: string): string {
    return join(this.folder, trashFolder, `${id}${extension}`)
  }
}

function notFound(): AppError {
  return new AppError({ code: 'not-found', message: 'This conversation no longer exists.', hint: 'It may have been deleted; choose another one from the list.' })
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
}

function fileError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException).code
  const details = error instanceof Error ? error.message : String(error)
  if (code === 'ENOSPC') return new AppError({ code: 'disk-full', message: `${what}: the disk is full.`, hint: 'Free some disk space and try again.', details })
  return new AppError({ code: 'io', message: `${what}.`, hint: 'Check that the data folder can be written to, then try again.', details })
}
