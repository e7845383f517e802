/** The numbers of a model that decide its memory: the weights' split by layer and the KV cache per token. */
export interface Architecture {
  layers: number
  dModel: number
  heads: number
  kvHeads: number
  headDim: number
  /** Width of the dense feed-forward block; null for mixture-of-experts models (their count is given). */
  feedForward: number | null
  vocab: number
  trainedContext: number
  /** The output projection reuses the token embedding (one matrix in the file, not two). */
  tiedEmbeddings: boolean
  /** Hybrid attention: `pattern` repeats over the layers, L = sliding-window layer, G = global layer. */
  slidingWindow: { size: number; pattern: string } | null
}

export function isSlidingLayer(architecture: Architecture, layer: number): boolean {
  const pattern = architecture.slidingWindow?.pattern
  return pattern !== undefined && pattern[layer % pattern.length] === 'L'
}

export function globalLayerCount(architecture: Architecture): number {
  let count = 0
  for (let layer = 0; layer < architecture.layers; layer++) if (!isSlidingLayer(architecture, layer)) count++
  return count
}

/** Parameters of the token embedding; the untied output projection has as many again. */
export function embeddingParameters(architecture: Architecture): number {
  return architecture.vocab * architecture.dModel
}

/** Dense decoder: attention (Q, K, V, O) and a gated feed-forward (gate, up, down) per layer, norms left out. */
export function denseParameters(architecture: Architecture & { feedForward: number }): number {
  const { dModel, heads, kvHeads, headDim, feedForward, layers, tiedEmbeddings } = architecture
  const attention = 2 * dModel * heads * headDim + 2 * dModel * kvHeads * headDim
  const feedForwardBlock = 3 * dModel * feedForward
  return layers * (attention + feedForwardBlock) + embeddingParameters(architecture) * (tiedEmbeddings ? 1 : 2)
}
