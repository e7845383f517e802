/**
 * What llama.cpp allocates to run a model: weights split by layer, the KV cache for a context, compute scratch
 * and the runtime itself. Formulas, not node-llama-cpp's estimate: that one was measured at about twice the
 * real figure on the CPU (docs/fit.md).
 */
import { embeddingParameters, isSlidingLayer, type Architecture } from '../catalog/architecture'
import type { CatalogModel, CatalogQuant } from '../catalog/catalog'

export type KvCacheType = 'f16' | 'q8_0'

export interface ContextOptions {
  contextTokens: number
  /** q8_0 halves the KV cache and needs flash attention. */
  kvCacheType: KvCacheType
  /** Tokens per forward pass (llama.cpp's n_ubatch, `microBatchFor`); the compute scratch and sliding windows scale with it. */
  microBatch: number
  /** The app turns it on where llama.cpp supports it; without it attention scores grow with the context. */
  flashAttention: boolean
}

/** With any layer on a GPU: llama.cpp's own micro-batch (`microBatchFor` gives the CPU's). */
export const defaultContextOptions: Omit<ContextOptions, 'contextTokens'> = { kvCacheType: 'f16', microBatch: 512, flashAttention: true }

/** On the CPU alone a prompt goes through in batches of this many tokens. */
const cpuMicroBatch = 2048

/**
 * The micro-batch the worker creates a context with (node-llama-cpp sets n_batch and n_ubatch both to it). On the
 * CPU a 2,048-token batch prefilled 20% faster than 512 on an AVX2 machine and within 5% of it on an AMX one (the
 * bench's sweep, docs/engine-api.md), and costs only RAM; a GPU holding the output layer allocates logits for every token of a batch (2,048 x 102,400 x 4 bytes = 839 MB for
 * EXAONE's vocabulary), so with any layer on a GPU it stays at 512. Never more than the context: llama.cpp caps
 * the batch there and refuses a longer one.
 */
export function microBatchFor(gpuLayers: number, contextTokens: number): number {
  return Math.min(gpuLayers > 0 ? defaultContextOptions.microBatch : cpuMicroBatch, contextTokens)
}

const MiB = 1024 ** 2
/** A GPU runtime's own context, kernels and libraries (CUDA: about 300-500 MB). */
export const gpuRuntimeBytes = 350 * MiB
/** The inference worker process itself: Node, llama.cpp and their libraries. */
export const cpuRuntimeBytes = 150 * MiB

const kvBytesPerValue: Record<KvCacheType, number> = { f16: 2, q8_0: 34 / 32 }
const f32 = 4

/** llama.cpp pads the KV cache to whole blocks of 256 cells. */
const padCells = (cells: number): number => Math.ceil(cells / 256) * 256

/** Sliding-window layers keep only the window plus one micro-batch of cells, whatever the context. */
export function kvCacheCells(architecture: Architecture, layer: number, options: ContextOptions): number {
  const cells = padCells(options.contextTokens)
  const window = architecture.slidingWindow
  if (!window || !isSlidingLayer(architecture, layer)) return cells
  return Math.min(cells, padCells(window.size + options.microBatch))
}

/** Bytes of K and V per layer at the given context. */
export function kvCacheBytesPerLayer(architecture: Architecture, options: ContextOptions): number[] {
  const perCell = 2 * architecture.kvHeads * architecture.headDim * kvBytesPerValue[options.kvCacheType]
  return Array.from({ length: architecture.layers }, (_, layer) => kvCacheCells(architecture, layer, options) * perCell)
}

/**
 * Scratch of one backend's compute graph, sized for a full micro-batch. A GPU allocates all of it, logits for
 * every token of the batch included; on the CPU only the pages touched stay resident, and llama.cpp computes
 * logits only for the tokens that need them.
 */
export function computeBufferBytes(architecture: Architecture, options: ContextOptions, device: 'gpu' | 'cpu', holdsOutput: boolean): number {
  const tokens = options.microBatch
  const hidden = tokens * architecture.dModel * f32
  const feedForward = tokens * 2 * (architecture.feedForward ?? 4 * architecture.dModel) * f32
  const maxCells = padCells(options.contextTokens)
  const attention = options.flashAttention
    ? 2 * tokens * architecture.heads * architecture.headDim * f32
    : tokens * architecture.heads * maxCells * f32
  const logits = device === 'gpu' && holdsOutput ? tokens * architecture.vocab * f32 : 0
  return 2 * hidden + Math.max(feedForward, attention, logits)
}

/** The weights as llama.cpp places them: the input embedding stays on the CPU, the output goes last. */
export interface WeightsSplit {
  inputBytes: number
  /** Output norm and projection: on the GPU only when every layer is. */
  outputBytes: number
  /** Tied embeddings: the output projection is the input embedding, so the CPU holds it once. */
  outputSharesInput: boolean
  layerBytes: number[]
}

/** Without a GGUF header: the file's bytes shared out in proportion to the parameters. */
export function weightsFromCatalog(model: Pick<CatalogModel, 'architecture' | 'parameters'>, quant: Pick<CatalogQuant, 'sizeBytes'>): WeightsSplit {
  const { architecture } = model
  const bytesPerParameter = quant.sizeBytes / model.parameters.total
  const embeddingBytes = embeddingParameters(architecture) * bytesPerParameter
  const layersTotal = quant.sizeBytes - embeddingBytes * (architecture.tiedEmbeddings ? 1 : 2)
  return {
    inputBytes: embeddingBytes,
    outputBytes: embeddingBytes,
    outputSharesInput: architecture.tiedEmbeddings,
    layerBytes: Array.from({ length: architecture.layers }, () => layersTotal / architecture.layers)
  }
}

export const totalWeightBytes = (weights: WeightsSplit): number =>
  weights.inputBytes + (weights.outputSharesInput ? 0 : weights.outputBytes) + weights.layerBytes.reduce((sum, bytes) => sum + bytes, 0)
