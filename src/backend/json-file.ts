import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { z } from 'zod'
import { syncFolder } from './durable-files'

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
