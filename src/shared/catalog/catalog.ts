/**
 * The catalog as the app shows it: the built-in entries joined with what Hugging Face listed for each repo
 * (exact sizes and sha256), or with the best approximation where nothing was listed.
 */
import type { AppErrorData } from '../errors'
import { denseParameters } from './architecture'
import { models, type ModelEntry } from './models'
import { quantIds, quantisations, splitThresholdBytes, type QuantId } from './quantisations'

export const huggingFaceSite = 'https://huggingface.co'

/** exact: listed by Hugging Face just now or at `checkedAt`; the others are approximate (see KnownSize). */
export type SizeSource = 'exact' | 'listed' | 'reported' | 'computed'

export interface CatalogFile {
  name: string
  sizeBytes: number
  sha256: string | null
}

export interface CatalogQuant {
  id: QuantId
  precisionBits: number
  /** Part 1 first; llama.cpp is given part 1 and finds the rest. */
  files: CatalogFile[]
  sizeBytes: number
  sizeSource: SizeSource
  /** false: the repo's listing has no such file; null: not checked (offline). */
  inRepo: boolean | null
}

export interface CatalogModel extends Omit<ModelEntry, 'knownSizes' | 'imageProjectorFile' | 'parameters' | 'licence'> {
  pageUrl: string
  licence: ModelEntry['licence'] & { url: string }
  parameters: { total: number; active: number }
  imageProjector: { name: string; sizeBytes: number | null } | null
  /** The commit the exact figures were listed at; null when offline. */
  revision: string | null
  quants: CatalogQuant[]
}

export interface Catalog {
  models: CatalogModel[]
  /** online: listed just now; cache: listed earlier (checkedAt); built-in: never listed, all sizes approximate. */
  source: 'online' | 'cache' | 'built-in'
  checkedAt: string | null
  /** An online check is under way; `catalog:updated` brings its result. */
  checking: boolean
  /** Why the last online check failed, said in the window by its code. */
  problem: AppErrorData | null
}

/** One repo's files as the Hugging Face tree API listed them at `revision`. */
export interface RepoListing {
  revision: string
  fetchedAt: string
  files: Array<{ path: string; sizeBytes: number; sha256: string | null }>
}

export function parameterCount(entry: ModelEntry): { total: number; active: number } {
  if (entry.parameters) return entry.parameters
  const { feedForward } = entry.architecture
  if (feedForward === null) throw new Error(`${entry.id} needs either a feed-forward width or a parameter count`)
  const total = denseParameters({ ...entry.architecture, feedForward })
  return { total, active: total }
}

/** `LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF` -> `EXAONE-4.0-1.2B`: the start of every file name in the repo. */
export function fileStem(repo: string): string {
  return (repo.split('/').pop() ?? repo).replace(/-GGUF$/i, '')
}

/** `EXAONE-4.0-1.2B-Q4_K_M.gguf`: what LG calls a precision's file when it is one file (larger ones are split). */
export function singleFileName(repo: string, quantId: QuantId): string {
  return `${fileStem(repo)}-${quantId}.gguf`
}

/** `EXAONE-4.0-32B-BF16-00001-of-00002.gguf`: part `part` of a precision split in `count` files. */
export function splitFileName(repo: string, quantId: QuantId, part: number, count: number): string {
  return `${fileStem(repo)}-${quantId}-${partNumber(part)}-of-${partNumber(count)}.gguf`
}

export function resolveModel(entry: ModelEntry, listing?: RepoListing): CatalogModel {
  const { knownSizes: _sizes, imageProjectorFile, parameters: _parameters, ...rest } = entry
  const parameters = parameterCount(entry)
  const listed = listing?.files.map((file) => ({ ...file, name: file.path.split('/').pop() ?? file.path }))
  const projector = imageProjectorFile
    ? { name: imageProjectorFile, sizeBytes: listed?.find((file) => file.name === imageProjectorFile)?.sizeBytes ?? null }
    : null
  const quants = quantIds
    .map((id): CatalogQuant => {
      const pattern = new RegExp(`^${escape(fileStem(entry.repo))}-${id}(-\\d{5}-of-\\d{5})?\\.gguf$`, 'i')
      const found = listed?.filter((file) => pattern.test(file.name)).sort((a, b) => a.name.localeCompare(b.name))
      if (found && found.length > 0) {
        const files = found.map(({ name, sizeBytes, sha256 }) => ({ name, sizeBytes, sha256 }))
        return { ...quantBase(id), files, sizeBytes: sum(files), sizeSource: 'exact', inRepo: true }
      }
      return { ...approximateQuant(entry, id, parameters.total), inRepo: listing ? false : null }
    })
  return {
    ...rest,
    pageUrl: `${huggingFaceSite}/${entry.repo}`,
    licence: { ...entry.licence, url: `${huggingFaceSite}/${entry.repo}/blob/main/LICENSE` },
    parameters,
    imageProjector: projector,
    revision: listing?.revision ?? null,
    quants
  }
}

export function resolveCatalog(listings: ReadonlyMap<string, RepoListing>, meta: Omit<Catalog, 'models'>): Catalog {
  return { models: models.map((entry) => resolveModel(entry, listings.get(entry.repo))), ...meta }
}

function approximateQuant(entry: ModelEntry, id: QuantId, totalParameters: number): Omit<CatalogQuant, 'inRepo'> {
  const known = entry.knownSizes[id]
  const parts = known ? [...known.bytes] : splitEvenly((totalParameters * quantisations[id].bitsPerWeight) / 8)
  const names = parts.length === 1
    ? [singleFileName(entry.repo, id)]
    : parts.map((_, index) => splitFileName(entry.repo, id, index + 1, parts.length))
  const files = names.map((name, index) => ({
    name,
    sizeBytes: parts[index] ?? 0,
    sha256: parts.length === 1 ? (known?.sha256 ?? null) : null
  }))
  return { ...quantBase(id), files, sizeBytes: sum(files), sizeSource: known?.source ?? 'computed' }
}

function splitEvenly(bytes: number): number[] {
  const count = Math.ceil(bytes / splitThresholdBytes)
  return Array.from({ length: count }, () => Math.round(bytes / count))
}

const quantBase = (id: QuantId): Pick<CatalogQuant, 'id' | 'precisionBits'> => ({ id, precisionBits: quantisations[id].precisionBits })
const partNumber = (n: number): string => String(n).padStart(5, '0')
const sum = (files: CatalogFile[]): number => files.reduce((total, file) => total + file.sizeBytes, 0)
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
