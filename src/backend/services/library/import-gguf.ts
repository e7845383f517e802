/**
 * Importing a .gguf from elsewhere on disk: checked, identified against the catalog (or taken as a custom EXAONE
 * model), copied or moved in. A split set (`…-00001-of-00003.gguf`) comes in whole, by its first part, with every
 * part beside it checked.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { singleFileName, splitFileName, type CatalogQuant } from '../../../shared/catalog/catalog'
import type { ModelEntry } from '../../../shared/catalog/models'
import type { QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import type { InstalledQuant } from '../../../shared/library'
import { itemId, ResumeStates } from '../downloads/resume-state'
import { copyVerified } from './copy-verified'
import { ensureDiskSpace } from './disk-space'
import { identifyGguf, readCompleteGguf, type GgufIdentity } from './gguf-identity'
import type { LibraryService } from './library-service'
import { progressReporter, type FileProgress, type Report } from './progress'
import { sha256File } from './sha256-file'

/**
 * `signal` stops it at any step: it then rejects with `cancelled`, as any failure does with its own error, having
 * undone what it did to the models folder (copies deleted, renamed files put back). A file moved from another
 * volume loses its original only once the model is installed, so an import stopped half way leaves every source
 * where it was.
 */
export async function importGguf(library: LibraryService, source: string, move: boolean, signal: AbortSignal): Promise<InstalledQuant> {
  try {
    return await importInto(library, source, move, signal)
  } catch (error) {
    if (!signal.aborted) throw error
    throw new AppError({ code: 'cancelled', message: `The import of ${resolve(source)} was stopped; the models folder is as it was.` })
  }
}

async function importInto(library: LibraryService, source: string, move: boolean, signal: AbortSignal): Promise<InstalledQuant> {
  const from = resolve(source)
  const info = await stat(from).catch(() => null)
  if (!info?.isFile()) throw new AppError({ code: 'not-found', message: `There is no file at ${from}.`, hint: 'Check the path.' })
  const parts = await splitParts(from)
  for (const part of parts.slice(1)) await readCompleteGguf(part)
  const identity = await identifyGguf(from)
  const sizes = await Promise.all(parts.map(async (part) => (await stat(part)).size))
  const report = progressReporter((progress) => library.progress(progress), 'import', parts, sizes)
  const claim = await claimOf(library, identity, parts, sizes)
  await mkdir(library.folder.path, { recursive: true })
  // Whether the file is LG's hangs on its sha256s. Where every part is copied anyway, the copy computes them on the
  // way, under LG's names, and the parts take their own names after if they differ: one read of the file less. Not
  // where LG's file is installed already or being downloaded: then its hash says at once whether this is LG's, to
  // be refused before a byte is copied (and a download's `.part` is never written over).
  const hashWhileCopying =
    claim?.expected != null &&
    !(await library.find(claim.model.id, claim.quant.id)) &&
    !(await downloadUnderWay(library, claim.model.id, claim.quant.id)) &&
    (await copiesEvery(parts, move, library.folder.path))
  let decided: Decided = hashWhileCopying ? { official: claim, sha256s: null } : await compareSha256s(claim, parts, report, signal)
  let target = await targetFor(library, identity, decided, parts, [])
  const sha256s: string[] = []
  const placed: Placed[] = []
  let installed: InstalledQuant
  try {
    for (const [index, part] of parts.entries()) {
      signal.throwIfAborted()
      const to = library.folder.file(target.names[index] as string)
      const known = decided.sha256s?.[index]
      const progress: FileProgress = (step, bytes) => report(step, index, bytes)
      sha256s.push(part === to ? (known ?? (await hashPart(to, progress, signal))) : await bringIn(part, to, { move, folder: library.folder.path, size: sizes[index] as number, progress, signal, placed, known }))
    }
    if (hashWhileCopying) {
      decided = decide(claim, sha256s)
      if (!decided.official) {
        // Every part was copied, in order: each copy takes the part's own name.
        target = await targetFor(library, identity, decided, parts, placed.map((file) => file.to))
        for (const [index, file] of placed.entries()) {
          const renamed = library.folder.file(target.names[index] as string)
          if (renamed !== file.to) await rename(file.to, renamed)
          file.to = renamed
        }
      }
    }
    signal.throwIfAborted()
    const { official } = decided
    // Only files Hugging Face listed a sha256 for are verified; the rest keep the sha256 computed now.
    const verified = official !== null && decided.sha256s !== null
    installed = await library.install({
      modelId: target.modelId,
      quantId: target.quantId,
      ...(!official && { custom: { name: identity.custom.name, ...identity.custom.custom } }),
      files: target.names.map((name, index) => ({ name, sizeBytes: sizes[index] as number, sha256: sha256s[index] as string })),
      source: 'import',
      revision: null,
      officialChecksum: verified,
      check: verified ? 'verified' : 'unverified'
    })
  } catch (error) {
    await undo(placed)
    throw error
  }
  // A move from another volume: the originals go once the copies are the model's. One that cannot go (in use on
  // Windows) stays where it was; the model is installed either way.
  if (move) for (const file of placed) if (file.how === 'copied') await rm(file.from, { force: true }).catch(() => undefined)
  return installed
}

/** One of LG's quantisations that a file says it is, with the sha256s of its files where the catalog has them all. */
type Claim = { model: ModelEntry; quant: CatalogQuant; expected: string[] | null }
/** What a file comes in as: LG's (verified when `sha256s`, its own, matched the catalog's) or a custom model. */
type Decided = { official: Claim | null; sha256s: string[] | null }

/**
 * Which of LG's files this one says it is (shape, name, precision), unless the catalog knows that file's exact
 * sizes (from Hugging Face's listing, cached, or the built-in figures) and this one's differ, as a fine-tune or
 * another quantisation of the same shape would.
 */
async function claimOf(library: LibraryService, identity: GgufIdentity, parts: string[], sizes: number[]): Promise<Claim | null> {
  const claimed = identity.official
  const quant = claimed && (await library.catalogModel(claimed.model)).quants.find((candidate) => candidate.id === claimed.quantId)
  if (!claimed || !quant) return null
  const exactSizes = quant.sizeSource === 'exact' || quant.sizeSource === 'reported'
  if (exactSizes && (quant.files.length !== parts.length || quant.files.some((file, index) => file.sizeBytes !== sizes[index]))) return null
  const expected = quant.files.map((file) => file.sha256)
  const complete = expected.length === parts.length && expected.every((sha256) => sha256 !== null)
  return { model: claimed.model, quant, expected: complete ? (expected as string[]) : null }
}

/** Hashes the parts where the claim has sha256s to match: a file that differs from LG's comes in as custom. */
async function compareSha256s(claim: Claim | null, parts: string[], report: Report, signal: AbortSignal): Promise<Decided> {
  if (!claim?.expected) return { official: claim, sha256s: null }
  // One part at a time: the parts of a large model are tens of GB each, usually on one disk.
  const actual: string[] = []
  for (const [index, part] of parts.entries()) actual.push(await hashPart(part, (step, bytes) => report(step, index, bytes), signal))
  return decide(claim, actual)
}

/** LG's file, verified, where every part's sha256 is the catalog's; otherwise a custom model. */
function decide(claim: Claim, sha256s: string[]): Decided {
  return sha256s.every((sha256, index) => sha256 === claim.expected?.[index]) ? { official: claim, sha256s } : { official: null, sha256s: null }
}

/**
 * The model a decided import installs as and the names its parts take (LG's files take the names Hugging Face
 * gives them; any other file keeps its own), refused when the library has it or the models folder holds another
 * file by one of those names. `ours`: files this import put there already, which are no obstacle.
 */
async function targetFor(library: LibraryService, identity: GgufIdentity, { official }: Decided, parts: string[], ours: string[]): Promise<{ modelId: string; quantId: string; names: string[] }> {
  const modelId = official ? official.model.id : identity.custom.modelId
  const quantId = official ? official.quant.id : identity.custom.quantId
  const shownName = official ? official.model.name : identity.custom.name
  if (await library.find(modelId, quantId)) {
    throw new AppError({ code: 'already-installed', message: `${shownName} ${quantId} is already installed.`, hint: 'Delete it in the Library first to replace it.' })
  }
  if (official && (await downloadUnderWay(library, modelId, quantId))) {
    throw new AppError({
      code: 'downloading',
      message: `${shownName} ${quantId} is being downloaded (or its download is paused), into the same file this import would write.`,
      hint: 'Cancel that download in Downloads first, or let it finish.'
    })
  }
  const names = official ? officialNames(official.model.repo, official.quant.id, parts.length) : parts.map((part) => basename(part))
  for (const name of names) {
    const to = library.folder.file(name)
    if (!parts.includes(to) && !ours.includes(to) && (await exists(to))) {
      throw new AppError({ code: 'already-installed', message: `The models folder already holds a file called ${name}.`, hint: 'Delete or rename it first.' })
    }
  }
  return { modelId, quantId, names }
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false)

/** A download of LG's file has its resume state in the models folder from its start until it is installed. */
const downloadUnderWay = (library: LibraryService, modelId: string, quantId: string): Promise<boolean> => exists(new ResumeStates(() => library.folder.downloadsFolder).path(itemId(modelId, quantId)))

/**
 * Whether every part will be copied into `folder`: none is in it already, and a move goes to another volume (a
 * move on one volume is a rename, which reads nothing).
 */
async function copiesEvery(parts: string[], move: boolean, folder: string): Promise<boolean> {
  const device = (await stat(folder)).dev
  for (const part of parts) {
    if (resolve(dirname(part)) === resolve(folder)) return false
    if (move && (await stat(part)).dev === device) return false
  }
  return true
}

/** A file this import put in the models folder: `to` is a copy of `from`, or `from` renamed. */
interface Placed {
  from: string
  to: string
  how: 'copied' | 'renamed'
}

/** Takes out of the models folder what an import that failed or was stopped had put there, the last first. */
async function undo(placed: Placed[]): Promise<void> {
  for (const file of [...placed].reverse()) {
    if (file.how === 'renamed') await rename(file.to, file.from).catch(() => undefined)
    else await rm(file.to, { force: true })
  }
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

/** A part's sha256, read through as the `checking` step. */
function hashPart(path: string, progress: FileProgress, signal: AbortSignal): Promise<string> {
  progress('checking', 0)
  return sha256File(path, signal, (bytes) => progress('checking', bytes))
}

/**
 * Puts one part at `to` and returns its sha256: a rename for a move on one volume (`known`: its sha256, computed
 * already), else a verified copy (a move from another volume deletes the original later, once installed). Each
 * file put in place joins `placed`, for `undo`.
 */
async function bringIn(from: string, to: string, how: { move: boolean; folder: string; size: number; progress: FileProgress; signal: AbortSignal; placed: Placed[]; known: string | undefined }): Promise<string> {
  if (how.move) {
    const renamed = await rename(from, to).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EXDEV') return false
        throw error
      }
    )
    if (renamed) {
      how.placed.push({ from, to, how: 'renamed' })
      return how.known ?? (await hashPart(to, how.progress, how.signal))
    }
  }
  await ensureDiskSpace(how.folder, how.size)
  const sha256 = await copyVerified(from, to, how.progress, how.signal)
  how.placed.push({ from, to, how: 'copied' })
  return sha256
}
