/**
 * Weights tensor by tensor from a GGUF header (a downloaded file, or a remote one read with HTTP range
 * requests), split the way llama.cpp places them: input embedding, output, and each layer.
 */
import { readGgufFileInfo, type GgufFileInfo, type GgufTensorInfo } from 'node-llama-cpp'
import { AppError } from '../../../shared/errors'
import type { WeightsSplit } from '../../../shared/fit/memory'

/** ggml type id -> [elements per block, bytes per block] (ggml/src/ggml.c, type_traits). */
const ggmlBlocks: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82],
  23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2],
  34: [256, 54], 35: [256, 66], 39: [32, 17]
}

export function tensorBytes(tensor: Pick<GgufTensorInfo, 'name' | 'dimensions' | 'ggmlType'>): number {
  const block = ggmlBlocks[tensor.ggmlType]
  if (!block) throw new Error(`Tensor ${tensor.name} has ggml type ${tensor.ggmlType}, which this version cannot size.`)
  const elements = tensor.dimensions.reduce<number>((product, dimension) => product * Number(dimension), 1)
  return (elements / block[0]) * block[1]
}

export interface GgufWeights {
  architecture: string
  weights: WeightsSplit
}

export async function readGgufWeights(pathOrUrl: string, options: { token?: string; signal?: AbortSignal } = {}): Promise<GgufWeights> {
  let info
  try {
    info = await readGgufFileInfo(pathOrUrl, {
      logWarnings: false,
      ...(options.signal && { signal: options.signal }),
      ...(options.token && { fetchHeaders: { authorization: `Bearer ${options.token}` } })
    })
  } catch (error) {
    throw new AppError({
      code: 'io',
      message: `Could not read the GGUF header of ${pathOrUrl}: ${(error as Error).message}`,
      hint: 'Check the path or URL; a URL must point at the file itself (…/resolve/main/<file>.gguf).'
    })
  }
  return { architecture: String(info.metadata.general?.architecture ?? 'unknown'), weights: weightsOf(info) }
}

/** The weights of a GGUF file (every part of a split set, as `readGgufFileInfo` splices them) split the way llama.cpp places them. */
export function weightsOf(info: Pick<GgufFileInfo, 'fullTensorInfo' | 'architectureMetadata'>): WeightsSplit {
  const tensors = info.fullTensorInfo ?? []
  const layers = Number(info.architectureMetadata.block_count ?? 0)
  const weights: WeightsSplit = { inputBytes: 0, outputBytes: 0, outputSharesInput: true, layerBytes: Array.from({ length: layers }, () => 0) }
  for (const tensor of tensors) {
    const bytes = tensorBytes(tensor)
    const layer = /^blk\.(\d+)\./.exec(tensor.name)?.[1]
    if (layer !== undefined && Number(layer) < layers) weights.layerBytes[Number(layer)] = (weights.layerBytes[Number(layer)] ?? 0) + bytes
    else if (tensor.name.startsWith('output')) {
      weights.outputBytes += bytes
      if (tensor.name === 'output.weight') weights.outputSharesInput = false
    } else weights.inputBytes += bytes
  }
  if (weights.outputSharesInput) {
    // Tied embeddings: llama.cpp copies token_embd to the output's device when the output layer is offloaded.
    weights.outputBytes += tensors.filter((tensor) => tensor.name === 'token_embd.weight').reduce((total, tensor) => total + tensorBytes(tensor), 0)
  }
  return weights
}
