/**
 * What an imported .gguf is: checked to be a GGUF v2/v3 file of an EXAONE architecture, then matched against the
 * catalog by its shape (architecture, layers, width) and its name, with its precision read from general.file_type;
 * an EXAONE file the catalog does not name is a custom model, described by its header.
 */
import { basename } from 'node:path'
import type { GgufFileInfo } from 'node-llama-cpp'
import { fileStem } from '../../../shared/catalog/catalog'
import { models, type ModelEntry } from '../../../shared/catalog/models'
import { findQuantId, normaliseName, type QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import type { CustomModel } from '../../../shared/library'
import { checkArchitecture, checkComplete, checkGgufHeader } from '../../inference/gguf-check'

/** What a custom model is: its header's name (or its file's), its precision and what the fit advisor needs. */
export interface CustomIdentity {
  modelId: string
  name: string
  quantId: string
  custom: CustomModel
}

/**
 * What an EXAONE file says it is: one of LG's (`official`, by its shape, its name and its precision; whether its
 * bytes are LG's is for the importer to check against the catalog), and what it is as a custom model, which is what it
 * comes in as when it is not LG's or its bytes are not the ones Hugging Face lists.
 */
export interface GgufIdentity {
  official: { model: ModelEntry; quantId: QuantId } | null
  custom: CustomIdentity
}

/** An EXAONE GGUF, every part of a split set already checked complete. */
export async function identifyGguf(path: string): Promise<GgufIdentity> {
  const name = basename(path)
  const info = await readCompleteGguf(path)
  const architecture = String(info.metadata.general?.architecture ?? '')
  checkArchitecture(path, architecture)
  const layers = Number(info.architectureMetadata.block_count ?? 0)
  const width = Number(info.architectureMetadata.embedding_length ?? 0)
  const generalName = String(info.metadata.general?.name ?? '').trim()
  const [{ readGgufFileInfo }, { customModelId, customModelOf, quantLabelOf }] = await Promise.all([import('node-llama-cpp'), import('./custom-model')])
  // Every part's tensors, for the weights and the precision of the whole set.
  const whole = await readGgufFileInfo(path, { logWarnings: false, sourceType: 'filesystem' })
  const quantLabel = quantLabelOf(whole, quantFromName(name))
  if (!quantLabel) throw badModel(`${name} does not say what precision it is stored in.`, 'Convert or quantise it again with a current llama.cpp.')
  const officialQuant = findQuantId(quantLabel)
  const model = matchModel(architecture, layers, width, generalName, name)
  const customName = generalName || name.replace(/(-\d{5}-of-\d{5})?\.gguf$/i, '')
  return {
    official: model && officialQuant ? { model, quantId: officialQuant } : null,
    custom: { modelId: customModelId(customName), name: customName, quantId: quantLabel, custom: customModelOf(name, whole) }
  }
}

/**
 * A GGUF file's header, checked to be GGUF v2/v3 and to hold every byte its own tensor table says it has: for a
 * split set, each part holds only its own tensors, so each part is checked this way.
 */
export async function readCompleteGguf(path: string): Promise<GgufFileInfo> {
  const { sizeBytes } = await checkGgufHeader(path)
  // node-llama-cpp takes seconds to import: only an import pays for it, not every start of the CLI.
  const [{ readGgufFileInfo }, { tensorBytes }] = await Promise.all([import('node-llama-cpp'), import('../catalog/gguf-weights')])
  const info = await readGgufFileInfo(path, { logWarnings: false, spliceSplitFiles: false, sourceType: 'filesystem' }).catch((error: unknown) => {
    throw badModel(`${basename(path)} is a GGUF file whose header could not be read: ${(error as Error).message}.`)
  })
  const tensors = info.tensorInfo ?? []
  checkComplete(path, sizeBytes, tensors.reduce((furthest, tensor) => Math.max(furthest, Number(tensor.fileOffset) + tensorBytes(tensor)), 0))
  return info
}

/** The catalog model a file is: the one of its shape that its header or file name names (3.5 and Deep share their shapes). */
function matchModel(architecture: string, layers: number, width: number, generalName: string, fileName: string): ModelEntry | undefined {
  const shaped = models.filter((model) => model.llamaArchitecture === architecture && model.architecture.layers === layers && model.architecture.dModel === width)
  const named = shaped.filter((model) => mentions(generalName, model) || mentions(fileName, model))
  return named.length === 1 ? named[0] : undefined
}

function mentions(text: string, model: ModelEntry): boolean {
  const wanted = normaliseName(text)
  const stem = normaliseName(fileStem(model.repo).replace(/-Instruct$/i, ''))
  return wanted.includes(stem) || wanted.includes(normaliseName(model.name))
}

/** `EXAONE-4.0-1.2B-Q4_K_M.gguf`: the precision is the last part of the name. */
function quantFromName(name: string): QuantId | undefined {
  const last = name.replace(/\.gguf$/i, '').split('-').pop()
  return last ? findQuantId(last) : undefined
}

function badModel(message: string, hint?: string): AppError {
  return new AppError({ code: 'bad-model', message, ...(hint && { hint }) })
}
