/** Importing a .gguf from elsewhere on disk: checked, identified against the catalog, copied or moved in. */
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { resolveModel, singleFileName } from '../../../shared/catalog/catalog'
import { AppError } from '../../../shared/errors'
import type { InstalledQuant } from '../../../shared/library'
import { copyVerified } from './copy-verified'
import { ensureDiskSpace } from './disk-space'
import { identifyGguf } from './gguf-identity'
import type { LibraryService } from './library-service'
import { sha256File } from './sha256-file'

export async function importGguf(library: LibraryService, source: string, move: boolean): Promise<InstalledQuant> {
  const from = resolve(source)
  const info = await stat(from).catch(() => null)
  if (!info?.isFile()) throw new AppError({ code: 'not-found', message: `There is no file at ${from}.`, hint: 'Check the path.' })
  const { model, quantId } = await identifyGguf(from)
  if (await library.find(model.id, quantId)) {
    throw new AppError({ code: 'already-installed', message: `${model.name} ${quantId} is already installed.`, hint: 'Delete it in the Library first to replace it.' })
  }
  const quant = resolveModel(model).quants.find((candidate) => candidate.id === quantId)
  const name = singleFileName(model.repo, quantId)
  const to = library.folder.file(name)
  await mkdir(library.folder.path, { recursive: true })
  let sha256: string
  if (from === to) {
    sha256 = await sha256File(to)
  } else {
    if (await stat(to).then(() => true, () => false)) {
      throw new AppError({ code: 'already-installed', message: `The models folder already holds a file called ${name}.`, hint: 'Delete or rename it first.' })
    }
    sha256 = move ? await moveIn(from, to, library.folder.path, info.size) : await copyIn(from, to, library.folder.path, info.size)
  }
  // Only files Hugging Face listed a sha256 for can be verified; the rest keep the sha256 computed now.
  const official = quant?.files.length === 1 && quant.files[0]?.sha256 === sha256
  return library.install({
    modelId: model.id,
    quantId,
    files: [{ name, sizeBytes: info.size, sha256 }],
    source: 'import',
    revision: null,
    officialChecksum: official,
    check: official ? 'verified' : 'unverified'
  })
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
