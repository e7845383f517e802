import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { z } from 'zod'
import { syncFolder } from './durable-files'
import { onFileChange } from './file-watch'

/**
 * Replaces a file so that a crash leaves either the old or the new content, never half of one:
 * write a temporary file beside it, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o666): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`
  // `mode` (less the umask) applies from creation, so a secret is never readable by others even for a moment.
  const file = await open(temporary, 'w', mode)
  try {
    await file.writeFile(data)
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temporary, path)
  await syncFolder(dirname(path))
}

/**
 * Reads a JSON file that must match `schema`. A missing file gives `fallback`; an unreadable one is kept aside
 * as `<name>.corrupt-<time>` (nothing is lost) and also gives `fallback`.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw error
  }
  try {
    return schema.parse(JSON.parse(text))
  } catch (error) {
    const aside = `${path}.corrupt-${Date.now()}`
    await rename(path, aside).catch(() => undefined)
    console.warn(`${path} could not be read (${(error as Error).message.split('\n')[0]}); kept it as ${aside} and started fresh.`)
    return fallback
  }
}

/**
 * A JSON file that this process and others change (the CLI beside the window). Each change applies to the file as
 * it is then, so another process's change is kept rather than written over with what this one had read. With
 * `onOutsideChange` (the window's backend), the file is watched and that is called with what another process wrote.
 * Reads and writes take turns, so none sees another's half-done state and no older write lands last.
 */
export class SharedJsonFile<T> {
  private known: Promise<T>
  private turns: Promise<unknown> = Promise.resolve()
  private readonly watcher: { close(): void } | null

  constructor(
    private readonly path: string,
    private readonly read: () => Promise<T>,
    onOutsideChange?: (value: T) => void | Promise<void>
  ) {
    this.known = read()
    this.watcher = onOutsideChange ? onFileChange(path, () => this.reread(onOutsideChange)) : null
  }

  /** What the file held when this process last read or wrote it. */
  get(): Promise<T> {
    return this.known
  }

  /** Writes what `edit` makes of the file's content; what it throws, or a write that fails, leaves the file as it was. */
  change(edit: (stored: T) => Promise<T> | T): Promise<T> {
    return this.inTurn(async () => {
      const next = await edit(await this.read())
      await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n')
      this.known = Promise.resolve(next)
      return next
    })
  }

  close(): void {
    this.watcher?.close()
  }

  /**
   * Its own writes read back the same, so only another process's change is passed on. Compared as values: a read
   * may give the keys in another order than the object written (defaults first, then what the file adds).
   */
  private reread(onOutsideChange: (value: T) => void | Promise<void>): Promise<void> {
    return this.inTurn(async () => {
      const now = await this.read()
      if (isDeepStrictEqual(now, await this.known)) return
      this.known = Promise.resolve(now)
      await onOutsideChange(now)
    })
  }

  private inTurn<R>(run: () => Promise<R>): Promise<R> {
    const turn = this.turns.catch(() => undefined).then(run)
    this.turns = turn
    return turn
  }
}
