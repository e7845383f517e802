import { describe, expect, it } from 'vitest'
import type { ModelMemory, Placement } from '../../../src/shared/fit/placement'
import { estimateSpeed } from '../../../src/shared/fit/speed'

const GB = 1e9
const device = (weightsBytes: number) => ({ weightsBytes, kvCacheBytes: 0, computeBytes: 0, runtimeBytes: 0 })
const gpu = (index: number, weightsBytes: number) => ({ ...device(weightsBytes), index, name: `GPU ${index}`, layers: 5, budgetBytes: 100 * GB })

/** Ten layers of 1 GB, a 1 GB input embedding and, untied, a 1 GB output matrix. */
const memory = (outputSharesInput: boolean) => ({ weights: { inputBytes: GB, outputBytes: GB, outputSharesInput, layerBytes: Array(10).fill(GB) } }) as unknown as ModelMemory
const bandwidth = { ram: 1000, gpus: [1000, 1000] }
/** The fastest estimate: three quarters of the bandwidth over the bytes one token reads. */
const high = (bytesPerToken: number) => 0.75 / (bytesPerToken / (1000 * GB))

describe('speed estimate: bytes read per token', () => {
  it('reads an untied output matrix once on the CPU, not once more with the layers', () => {
    const cpuOnly: Placement = { gpuLayers: 0, outputOnGpu: false, gpus: [], cpu: device(12 * GB), fits: true }
    // 10 GB of layers + 1 GB output = 11 GB a token: 68 tokens/s, rounded up to the next 5.
    expect(high(11 * GB)).toBeCloseTo(68.2, 1)
    expect(estimateSpeed(cpuOnly, memory(false), bandwidth, 1)?.high).toBe(70)
  })

  it('reads a mixture of experts’ layers at their active share and its output matrix whole', () => {
    const cpuOnly: Placement = { gpuLayers: 0, outputOnGpu: false, gpus: [], cpu: device(12 * GB), fits: true }
    // 10 GB × 0.5 + 1 GB = 6 GB a token: 125 tokens/s, rounded up to the next 10.
    expect(estimateSpeed(cpuOnly, memory(false), bandwidth, 0.5)?.high).toBe(130)
  })

  it('counts a tied output matrix once, as the input embedding it is', () => {
    const cpuOnly: Placement = { gpuLayers: 0, outputOnGpu: false, gpus: [], cpu: device(11 * GB), fits: true }
    expect(estimateSpeed(cpuOnly, memory(true), bandwidth, 1)?.high).toBe(70)
  })

  it('puts the output matrix on the last GPU only, when the model is split over two', () => {
    // Five layers on each GPU, the output matrix with the last; the input embedding stays on the CPU.
    const split: Placement = { gpuLayers: 10, outputOnGpu: true, gpus: [gpu(0, 5 * GB), gpu(1, 6 * GB)], cpu: device(GB), fits: true }
    // 2.5 + 2.5 + 1 GB = 6 GB a token at an active share of 0.5.
    expect(estimateSpeed(split, memory(false), bandwidth, 0.5)?.high).toBe(130)
  })
})
