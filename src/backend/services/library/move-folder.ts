/**
 * Moving the models folder: one rename when the destination is on the same volume; otherwise every file is
 * copied, fsync'd and verified, and the originals are deleted only once all the copies are good.
 */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { LibraryProgress } from '../../../shared/library'
import { isWithin } from '../../paths'
import { copyVerified } from './copy-verified'
import { ensureDiskSpace } from './disk-space'
import { progressReporter } from './progress'

/** Returns the folder the files are now in. */
export async function moveFolderContents(from: string, to: string, emit?: (progress: LibraryProgress) => void): Promise<string> {
  const source = resolve(from)
  const destination = resolve(to)
  if (!isAbsolute(to)) throw refuse(`"${to}" is not a full path.`, 'Give the whole path of the new folder, e.g. /mnt/big/exaone-models.')
  if (isWithin(destination, source) || isWithin(source, destination)) {
    throw refuse(`${destination} is the models folder itself, or inside it, or contains it.`, 'Choose a folder elsewhere.')
  }
  const existing = await readdir(destination).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw refuse(`${destination} cannot be used (${error.code ?? error.message}).`, 'Choose a folder you can write to.')
  })
  if (existing && existing.length > 0) throw refuse(`${destination} is not empty.`, 'Choose an empty or new folder, so no file there can be overwritten.')

  await mkdir(dirname(destination), { recursive: true })
  if (existing) await rmdir(destination)
  try {
    await rename(source, destination)
    return destination
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
  }

  const files = await filesUnder(source)
  const sizes = await Promise.all(files.map(async (file) => (await stat(join(source, file))).size))
  await ensureDiskSpace(destination, sizes.reduce((total, size) => total + size, 0))
  const report = emit && progressReporter(emit, 'move', files, sizes)
  for (const [index, file] of files.entries()) {
    await mkdir(dirname(join(destination, file)), { recursive: true })
    await copyVerified(join(source, file), join(destination, file), report && ((step, bytes) => report(step, index, bytes)))
  }
  await rm(source, { recursive: true })
  return destination
}

async function filesUnder(folder: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(join(folder, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name)
    if (entry.isDirectory()) found.push(...(await filesUnder(folder, path)))
    else if (entry.isFile()) found.push(path)
  }
  return found
}

function refuse(message: string, hint: string): AppError {
  return new AppError({ code: 'bad-request', message, hint })
}
