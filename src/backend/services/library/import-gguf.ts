/**
 * Importing a .gguf from elsewhere on disk: checked, identified against the catalog (or taken as a custom EXAONE
 * model), copied or moved in. A split set (`…-00001-of-00003.gguf`) comes in whole, by its first part, with every
 * part beside it checked.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { resolveModel, singleFileName, splitFileName } from '../../../shared/catalog/catalog'
import type { QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import type { InstalledQuant } from '../../../shared/library'
import { copyVerified } from './copy-verified'
import { ensureDiskSpace } from './disk-space'
import { identifyGguf, readCompleteGguf } from './gguf-identity'
import type { LibraryService } from './library-service'
import { sha256File } from './sha256-file'

export async function importGguf(library: LibraryService, source: string, move: boolean): Promise<InstalledQuant> {
  const from = resolve(source)
  const info = await stat(from).catch(() => null)
  if (!info?.isFile()) throw new AppError({ code: 'not-found', message: `There is no file at ${from}.`, hint: 'Check the path.' })
  const parts = await splitParts(from)
  for (const part of parts.slice(1)) await readCompleteGguf(part)
  const identity = await identifyGguf(from)
  if (await library.find(identity.modelId, identity.quantId)) {
    throw new AppError({ code: 'already-installed', message: `${identity.name} ${identity.quantId} is already installed.`, hint: 'Delete it in the Library first to replace it.' })
  }
  // LG's files take the names Hugging Face gives them; a custom file keeps its own.
  const names = identity.kind === 'custom' ? parts.map((part) => basename(part)) : officialNames(identity.model.repo, identity.quantId, parts.length)
  await mkdir(library.folder.path, { recursive: true })
  const sizes = await Promise.all(parts.map(async (part) => (await stat(part)).size))
  for (const name of names) {
    const to = library.folder.file(name)
    if (!parts.includes(to) && (await stat(to).then(() => true, () => false))) {
      throw new AppError({ code: 'already-installed', message: `The models folder already holds a file called ${name}.`, hint: 'Delete or rename it first.' })
    }
  }
  const files: Array<{ name: string; sizeBytes: number; sha256: string }> = []
  for (const [index, part] of parts.entries()) {
    const name = names[index] as string
    const to = library.folder.file(name)
    const sizeBytes = sizes[index] as number
    const sha256 = part === to ? await sha256File(to) : move ? await moveIn(part, to, library.folder.path, sizeBytes) : await copyIn(part, to, library.folder.path, sizeBytes)
    files.push({ name, sizeBytes, sha256 })
  }
  // Only files Hugging Face listed a sha256 for can be verified; the rest keep the sha256 computed now.
  const quant = identity.kind === 'official' ? resolveModel(identity.model).quants.find((candidate) => candidate.id === identity.quantId) : undefined
  const official = quant?.files.length === files.length && files.every((file, index) => quant.files[index]?.sha256 === file.sha256)
  return library.install({
    modelId: identity.modelId,
    quantId: identity.quantId,
    ...(identity.kind === 'custom' && { custom: { name: identity.name, ...identity.custom } }),
    files,
    source: 'import',
    revision: null,
    officialChecksum: official,
    check: official ? 'verified' : 'unverified'
  })
}

function officialNames(repo: string, quantId: QuantId, count: number): string[] {
  return count === 1 ? [singleFileName(repo, quantId)] : Array.from({ length: count }, (_, index) => splitFileName(repo, quantId, index + 1, count))
}

const splitName = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i

/**
 * The files to import, part 1 first: `from` alone, or every part of the split set it starts. A later part, or a
 * set with a part missing, is refused naming the file that is wanted.
 */
async function splitParts(from: string): Promise<string[]> {
  const match = splitName.exec(basename(from))
  if (!match) return [from]
  const [, stem, number, count] = match as unknown as [string, string, string, string]
  const total = Number(count)
  const partPath = (part: number): string => join(dirname(from), `${stem}-${String(part).padStart(5, '0')}-of-${count}.gguf`)
  if (Number(number) !== 1) {
    throw new AppError({
      code: 'bad-model',
      message: `${basename(from)} is part ${Number(number)} of a model split into ${total} files.`,
      hint: `Import its first part, ${basename(partPath(1))}, with every part in the same folder.`
    })
  }
  const parts = Array.from({ length: total }, (_, index) => partPath(index + 1))
  const missing: string[] = []
  for (const part of parts) if (!(await stat(part).catch(() => null))?.isFile()) missing.push(basename(part))
  if (missing.length > 0) {
    throw new AppError({
      code: 'bad-model',
      message: `${basename(from)} is the first of ${total} parts of one model, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not beside it in ${dirname(from)}.`,
      hint: 'Put every part in the same folder (they are downloaded as separate files), then import the first part again.'
    })
  }
  return parts
}

async function copyIn(from: string, to: string, folder: string, size: number): Promise<string> {
  await ensureDiskSpace(folder, size)
  return copyVerified(from, to)
}

/** A rename when both are on one volume; otherwise copy, verify, then delete the original. */
async function moveIn(from: string, to: string, folder: string, size: number): Promise<string> {
  try {
    await rename(from, to)
    return await sha256File(to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
  }
  const sha256 = await copyIn(from, to, folder, size)
  await rm(from)
  return sha256
}
