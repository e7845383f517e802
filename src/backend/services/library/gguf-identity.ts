/**
 * What an imported .gguf is: checked to be a GGUF v3 file of an EXAONE architecture, then matched against the
 * catalog by its shape (architecture, layers, width) and its name, and its precision read from general.file_type.
 */
import { open, stat } from 'node:fs/promises'
import type { GgufTensorInfo } from 'node-llama-cpp'
import { basename } from 'node:path'
import { models, type ModelEntry } from '../../../shared/catalog/models'
import { findQuantId, normaliseName, quantIds, type QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'

export interface GgufIdentity {
  model: ModelEntry
  quantId: QuantId
}

/** llama_ftype values (llama.h) of the precisions LG ships. */
const fileTypes: Record<number, QuantId> = { 32: 'BF16', 7: 'Q8_0', 18: 'Q6_K', 17: 'Q5_K_M', 15: 'Q4_K_M', 30: 'IQ4_XS' }
const exaoneArchitectures = new Set(models.map((model) => model.llamaArchitecture))

export async function identifyGguf(path: string): Promise<GgufIdentity> {
  const name = basename(path)
  await checkHeader(path, name)
  // node-llama-cpp takes seconds to import: only an import pays for it, not every start of the CLI.
  const [{ readGgufFileInfo }, { tensorBytes }] = await Promise.all([import('node-llama-cpp'), import('../catalog/gguf-weights')])
  const info = await readGgufFileInfo(path, { logWarnings: false, spliceSplitFiles: false, sourceType: 'filesystem' }).catch((error: unknown) => {
    throw badModel(`${name} is a GGUF file whose header could not be read: ${(error as Error).message}.`)
  })
  const architecture = String(info.metadata.general?.architecture ?? '')
  if (!exaoneArchitectures.has(architecture as ModelEntry['llamaArchitecture'])) {
    throw badModel(
      `${name} is not an EXAONE model: its architecture is "${architecture || 'missing'}", not one of ${[...exaoneArchitectures].join(', ')}.`,
      'Only EXAONE models can be imported. Download them from the Models page instead.'
    )
  }
  await checkComplete(path, name, info.tensorInfo ?? [], tensorBytes)
  const layers = Number(info.architectureMetadata.block_count ?? 0)
  const width = Number(info.architectureMetadata.embedding_length ?? 0)
  const fileType = info.metadata.general?.file_type
  const quantId = (fileType !== undefined ? fileTypes[Number(fileType)] : undefined) ?? quantFromName(name)
  if (!quantId) {
    throw badModel(`${name} is stored in a precision EXAONE Desktop does not offer (file type ${String(fileType)}).`, `Import one of: ${quantIds.join(', ')}.`)
  }
  return { model: matchModel(architecture, layers, width, String(info.metadata.general?.name ?? ''), name), quantId }
}

async function checkHeader(path: string, name: string): Promise<void> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError({ code: 'not-found', message: `Could not open ${path} (${error.code ?? error.message}).`, hint: 'Check the path and that the file can be read.' })
  })
  const header = Buffer.alloc(8)
  try {
    await file.read(header, 0, 8, 0)
  } finally {
    await file.close()
  }
  if (header.toString('latin1', 0, 4) !== 'GGUF') throw badModel(`${name} is not a GGUF model file (it does not start with "GGUF").`)
  const version = header.readUInt32LE(4)
  if (version < 3) {
    throw badModel(`${name} is GGUF version ${version}, which current llama.cpp cannot load.`, 'Convert the model again with a current llama.cpp, or download it from the Models page.')
  }
  if (version > 3) throw badModel(`${name} is GGUF version ${version}, newer than this EXAONE Desktop can read.`, 'Update EXAONE Desktop.')
}

/** node-llama-cpp reads a cut-off file as if whole, so compare the file's size with where its last tensor ends. */
async function checkComplete(path: string, name: string, tensors: readonly GgufTensorInfo[], tensorBytes: (tensor: GgufTensorInfo) => number): Promise<void> {
  const end = tensors.reduce((furthest, tensor) => Math.max(furthest, Number(tensor.fileOffset) + tensorBytes(tensor)), 0)
  const size = (await stat(path)).size
  if (size < end) throw badModel(`${name} is incomplete: ${end} bytes expected, ${size} found.`, 'Download or copy it again.')
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
  const stem = normaliseName((model.repo.split('/').pop() ?? '').replace(/-GGUF$/i, '').replace(/-Instruct$/i, ''))
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
