/**
 * A custom file's figures from its header, on a header as readGgufFileInfo gives it for a mixture-of-experts EXAONE
 * (written out here: the test GGUF writer makes dense models only), and the precision when general.file_type is absent.
 */
import type { GgufFileInfo } from 'node-llama-cpp'
import { describe, expect, it } from 'vitest'
import { customModelId, customModelOf, quantLabelOf } from '../../../src/backend/services/library/custom-model'

const F32 = 0
const Q4_K = 12
const tensor = (name: string, dimensions: number[], ggmlType = Q4_K) => ({ name, dimensions, ggmlType, fileOffset: 0 })

/** Two layers, 4 experts of which 2 run per token, tied embeddings, a sliding window on every other layer. */
const moeHeader = {
  metadata: { general: { architecture: 'exaone-moe', name: 'MoE Tune' } },
  architectureMetadata: {
    block_count: 2, embedding_length: 256, context_length: 32_768, vocab_size: 512, expert_count: 4, expert_used_count: 2,
    attention: { head_count: 4, head_count_kv: 2, key_length: 64, sliding_window: 128, sliding_window_pattern: [true, false] }
  },
  fullTensorInfo: [
    tensor('token_embd.weight', [256, 512]),
    tensor('output_norm.weight', [256], F32),
    ...[0, 1].flatMap((layer) => [
      tensor(`blk.${layer}.attn_q.weight`, [256, 256]),
      tensor(`blk.${layer}.ffn_gate_exps.weight`, [256, 512, 4]),
      tensor(`blk.${layer}.ffn_down_exps.weight`, [512, 256, 4])
    ])
  ]
} as unknown as Pick<GgufFileInfo, 'metadata' | 'architectureMetadata' | 'fullTensorInfo'>

describe('a custom model from its header', () => {
  it('reads a mixture of experts: no dense feed-forward width, the active share of its parameters, its window pattern', () => {
    const custom = customModelOf('moe.gguf', moeHeader)
    expect(custom.llamaArchitecture).toBe('exaone-moe')
    expect(custom.architecture).toEqual({
      layers: 2, dModel: 256, heads: 4, kvHeads: 2, headDim: 64, feedForward: null, vocab: 512, trainedContext: 32_768,
      tiedEmbeddings: true, slidingWindow: { size: 128, pattern: 'LG' }
    })
    const experts = 2 * 2 * 256 * 512 * 4
    const total = 256 * 512 + 256 + 2 * 256 * 256 + experts
    expect(custom.parameters).toEqual({ total, active: total - experts / 2 })
    expect(custom.weights.layerBytes).toHaveLength(2)
  })

  it('says which field a header lacks', () => {
    const { head_count: _missing, ...attention } = (moeHeader.architectureMetadata as unknown as { attention: Record<string, unknown> }).attention
    const header = { ...moeHeader, architectureMetadata: { ...moeHeader.architectureMetadata, attention } } as typeof moeHeader
    expect(() => customModelOf('moe.gguf', header)).toThrow(/moe\.gguf is an EXAONE GGUF whose header has no exaone-moe\.attention\.head_count/)
  })

  it('names the precision by general.file_type, else by the file name, else by the type most weights are in', () => {
    expect(quantLabelOf({ ...moeHeader, metadata: { general: { file_type: 12 } } } as typeof moeHeader, undefined)).toBe('Q3_K_M')
    expect(quantLabelOf({ ...moeHeader, metadata: { general: { file_type: 0 } } } as typeof moeHeader, undefined)).toBe('F32')
    expect(quantLabelOf(moeHeader, 'Q4_K_M')).toBe('Q4_K_M')
    expect(quantLabelOf(moeHeader, undefined)).toBe('Q4_K')
  })

  it('makes a library id from the name', () => {
    expect(customModelId('Ko-Tune 7.8B (v2)')).toBe('custom:ko-tune-7.8b-v2')
    expect(customModelId('한국어 모델')).toBe('custom:한국어-모델')
    expect(customModelId('---')).toBe('custom:model')
  })
})
