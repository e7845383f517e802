/**
 * The API's request log: one JSON line per request (time, endpoint, model, tokens, status, how it ended), never
 * the text of a prompt or an answer. The latest entries are kept in memory for the Settings page.
 */
import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { RequestLogEntry } from '../../shared/api-server'

const kept = 200

export class RequestLog {
  private readonly latest: RequestLogEntry[] = []
  private writes: Promise<void> = Promise.resolve()

  constructor(
    /** The file, or null to keep the log in memory only. */
    readonly path: string | null,
    private readonly onEntry: (entry: RequestLogEntry) => void = () => undefined
  ) {}

  get entries(): RequestLogEntry[] {
    return [...this.latest]
  }

  add(entry: RequestLogEntry): void {
    this.latest.push(entry)
    if (this.latest.length > kept) this.latest.shift()
    this.onEntry(entry)
    const path = this.path
    if (!path) return
    this.writes = this.writes
      .then(() => mkdir(dirname(path), { recursive: true }))
      .then(() => appendFile(path, JSON.stringify(entry) + '\n'))
      .catch((error: unknown) => console.error('The API request log could not be written:', error))
  }

  /** Settles once every entry so far is on disk. */
  flushed(): Promise<void> {
    return this.writes
  }
}
