import { open } from 'node:fs/promises'

/** fsync: the bytes are on the disk itself, not only in the page cache, before a rename makes them official. */
export async function syncFile(path: string): Promise<void> {
  const file = await open(path, 'r')
  try {
    await file.sync()
  } finally {
    await file.close()
  }
}

/** A rename is durable only once its folder is synced (not possible, nor needed, on Windows). */
export async function syncFolder(path: string): Promise<void> {
  if (process.platform !== 'win32') await syncFile(path)
}
