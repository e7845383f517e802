/**
 * What an imported .gguf is: checked to be a GGUF v3 file of an EXAONE architecture, then matched against the
 * catalog by its shape (architecture, layers, width) and its name, and its precision read from general.file_type.
 */
import { basename } from 'node:path'
import type { GgufFileInfo } from 'node-llama-cpp'
import { fileStem } from '../../../shared/catalog/catalog'
import { models, type ModelEntry } from '../../../shared/catalog/models'
import { findQuantId, normaliseName, quantIds, type QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import { checkArchitecture, checkComplete, checkGgufHeader } from '../../inference/gguf-check'

export interface GgufIdentity {
  model: ModelEntry
  quantId: QuantId
}

/** llama_ftype values (llama.h) of the precisions LG ships. */
const fileTypes: Record<number, QuantId> = { 32: 'BF16', 7: 'Q8_0', 18: 'Q6_K', 17: 'Q5_K_M', 15: 'Q4_K_M', 30: 'IQ4_XS' }

export async function identifyGguf(path: string): Promise<GgufIdentity> {
  const name = basename(path)
  const info = await readCompleteGguf(path)
  const architecture = String(info.metadata.general?.architecture ?? '')
  checkArchitecture(path, architecture)
  const layers = Number(info.architectureMetadata.block_count ?? 0)
  const width = Number(info.architectureMetadata.embedding_length ?? 0)
  const fileType = info.metadata.general?.file_type
  const quantId = (fileType !== undefined ? fileTypes[Number(fileType)] : undefined) ?? quantFromName(name)
  if (!quantId) {
    throw badModel(`${name} is stored in a precision EXAONE Desktop does not offer (file type ${String(fileType)}).`, `Import one of: ${quantIds.join(', ')}.`)
  }
  return { model: matchModel(architecture, layers, width, String(info.metadata.general?.name ?? ''), name), quantId }
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

function matchModel(architecture: string, layers: number, width: number, generalName: string, fileName: string): ModelEntry {
  const shaped = models.filter((model) => model.llamaArchitecture === architecture && model.architecture.layers === layers && model.architecture.dModel === width)
  // 3.5 and Deep share their shapes; the names tell them apart.
  const named = shaped.filter((model) => mentions(generalName, model) || mentions(fileName, model))
  const found = named.length === 1 ? named[0] : shaped.length === 1 ? shaped[0] : undefined
  if (found) return found
  throw badModel(
    shaped.length > 1
      ? `Could not tell which EXAONE model ${fileName} is: it could be ${shaped.map((model) => model.name).join(' or ')}.`
      : `${fileName} does not match any EXAONE model in the catalog (${architecture}, ${layers} layers, width ${width}).`,
    shaped.length > 1 ? 'Rename the file to start with the model name as Hugging Face has it (e.g. EXAONE-Deep-2.4B-Q4_K_M.gguf).' : 'Only the official EXAONE models can be imported.'
  )
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
