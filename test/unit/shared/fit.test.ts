import { describe, expect, it } from 'vitest'
import { resolveCatalog, type CatalogModel } from '../../../src/shared/catalog/catalog'
import type { QuantId } from '../../../src/shared/catalog/quantisations'
import { evaluateFit, type FitRequest, type Verdict } from '../../../src/shared/fit/advisor'
import { computeBufferBytes, kvCacheBytesPerLayer, defaultContextOptions, microBatchFor } from '../../../src/shared/fit/memory'
import { describeReason, describeVerdict } from '../../../src/shared/fit/reasons'
import { fitModel, recommendQuant } from '../../../src/shared/fit/recommend'
import { HardwareProbe, type Gpu } from '../../../src/shared/hardware'
import { findWhatIfProfile, parseHardwareProfile, whatIfProfiles, type HardwareProfile } from '../../../src/shared/hardware-profiles'

const GiB = 1024 ** 3
const catalog = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })
const model = (id: string): CatalogModel => catalog.models.find((item) => item.id === id)!
const quant = (modelId: string, id: QuantId) => model(modelId).quants.find((item) => item.id === id)!
const profile = (id: string): HardwareProfile => findWhatIfProfile(id)!.hardware

function gpu(vramGiB: number, overrides: Partial<Gpu> = {}): Gpu {
  return {
    name: `Test GPU ${vramGiB} GB`, names: [], vendor: 'nvidia', vramTotalBytes: vramGiB * GiB, vramFreeBytes: null, driver: null,
    backend: 'cuda', unusableReason: null, unifiedMemory: false, ...overrides
  }
}

/** A desktop with `ramGiB` (a quarter in use), the given GPUs and plenty of disk. */
function machine(ramGiB: number, gpus: Gpu[], diskFreeBytes = 500e9): HardwareProfile {
  return {
    probedAt: '2025-07-01T00:00:00.000Z', complete: true, os: { platform: 'linux', release: '6', arch: 'x64' },
    cpu: { brand: 'Test CPU', cores: 8, threads: 16, features: null },
    ram: { totalBytes: ramGiB * GiB, availableBytes: 0.75 * ramGiB * GiB, swapTotalBytes: null, swapFreeBytes: null },
    gpus, disk: { path: '/home', totalBytes: 1e12, freeBytes: diskFreeBytes }
  }
}

const fit = (modelId: string, quantId: QuantId, hardware: HardwareProfile, contextTokens: number, extra: Partial<FitRequest> = {}) =>
  evaluateFit({ model: model(modelId), quant: quant(modelId, quantId), hardware, contextTokens, ...extra })

describe('fit verdicts', () => {
  const cases: Array<[string, string, QuantId, HardwareProfile, number, Verdict]> = [
    ['32B 4-bit on a 24 GB GPU at 8K runs wholly on it', 'exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192, 'gpu'],
    ['32B 4-bit on a 24 GB GPU at 128K does not', 'exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 131_072, 'partial'],
    ['32B 16-bit on a 24 GB GPU only partly', 'exaone-4.0-32b', 'BF16', machine(128, [gpu(24)]), 8192, 'partial'],
    ['1.2B 4-bit on a 4 GB GPU wholly', 'exaone-4.0-1.2b', 'Q4_K_M', machine(16, [gpu(4)]), 8192, 'gpu'],
    ['1.2B on a 16 GB machine without GPU on the CPU', 'exaone-4.0-1.2b', 'Q4_K_M', profile('cpu-16gb'), 8192, 'cpu'],
    ['1.2B 16-bit on a 16 GB machine without GPU too', 'exaone-4.0-1.2b', 'BF16', profile('cpu-16gb'), 8192, 'cpu'],
    ['32B 8-bit on a 16 GB machine without GPU: too large', 'exaone-4.0-32b', 'Q8_0', profile('cpu-16gb'), 8192, 'no-fit'],
    ['32B 8-bit split over two 24 GB GPUs', 'exaone-4.0-32b', 'Q8_0', profile('2x-rtx-3090-24gb'), 8192, 'gpu'],
    ['32B 4-bit on a 32 GB Mac, in unified memory', 'exaone-4.0-32b', 'Q4_K_M', profile('apple-32gb'), 8192, 'gpu'],
    ['32B 4-bit on a 16 GB Mac: too large', 'exaone-4.0-32b', 'Q4_K_M', profile('apple-16gb'), 8192, 'no-fit'],
    ['3.5 7.8B 8-bit on an 8 GB GPU: partly', 'exaone-3.5-7.8b', 'Q8_0', profile('rtx-4060-8gb'), 8192, 'partial'],
    ['K-EXAONE 4-bit on one 80 GB GPU: partly, the rest in RAM', 'k-exaone-236b-a23b', 'Q4_K_M', profile('h100-80gb'), 8192, 'partial'],
    ['1.2B with 0.5 GB of disk free: not enough disk', 'exaone-4.0-1.2b', 'Q8_0', machine(16, [gpu(8)], 0.5e9), 8192, 'no-disk']
  ]
  it.each(cases)('%s', (_name, modelId, quantId, hardware, context, verdict) => {
    expect(fit(modelId, quantId, hardware, context).verdict).toBe(verdict)
  })

  it('splits layers across two GPUs, the output on the last', () => {
    const result = fit('exaone-4.0-32b', 'Q8_0', profile('2x-rtx-3090-24gb'), 8192)
    expect(result.gpus.map((use) => use.layers).reduce((a, b) => a + b)).toBe(64)
    expect(result.gpus.every((use) => use.layers > 0 && use.bytes <= use.budgetBytes)).toBe(true)
  })

  it('reports partial offload as N of M layers, in words', () => {
    const result = fit('exaone-4.0-32b', 'BF16', machine(128, [gpu(24)]), 8192)
    expect(result.gpuLayers).toBeGreaterThan(15)
    expect(result.gpuLayers).toBeLessThan(30)
    expect(describeVerdict(result)).toBe(`Partly on GPU · ${result.gpuLayers} of 64 layers`)
    expect(describeVerdict(result, 'ko')).toBe(`일부 GPU · 64개 중 ${result.gpuLayers}개 레이어`)
  })

  it('says why there is not enough disk, with the figures', () => {
    const result = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)], 12.1e9), 8192)
    expect(result.verdict).toBe('no-disk')
    expect(result.reasons.map((reason) => describeReason(reason))).toContain('Not enough disk: 19.3 GB needed, 12.1 GB free on /home.')
  })

  it('names an unusable GPU and its reason as a code, said in either language, and runs on the CPU instead', () => {
    const hardware = machine(32, [gpu(12, { backend: null, unusableReason: 'the CUDA driver is missing', unusableCode: 'cuda-driver-missing' })])
    const result = fit('exaone-4.0-1.2b', 'Q8_0', hardware, 8192)
    expect(result.verdict).toBe('cpu')
    const reason = result.reasons.find((item) => item.code === 'gpu-unusable')
    expect(reason).toEqual({ code: 'gpu-unusable', gpu: 'Test GPU 12 GB', unusable: 'cuda-driver-missing' })
    expect(describeReason(reason!)).toBe('Test GPU 12 GB is not used: the NVIDIA driver or the CUDA 12 runtime is missing.')
    expect(describeReason(reason!, 'ko')).toBe('사용하지 않는 GPU: Test GPU 12 GB(NVIDIA 드라이버 또는 CUDA 12 런타임 없음).')
  })

  it('says a GPU written by hand without a code is one llama.cpp does not support', () => {
    const result = fit('exaone-4.0-1.2b', 'Q8_0', machine(32, [gpu(12, { backend: null, unusableReason: 'broken' })]), 8192)
    expect(result.reasons).toContainEqual({ code: 'gpu-unusable', gpu: 'Test GPU 12 GB', unusable: 'unsupported' })
  })

  it('counts free, not total, memory', () => {
    const busy = machine(64, [gpu(24, { vramFreeBytes: 10 * GiB })])
    expect(fit('exaone-4.0-32b', 'Q4_K_M', busy, 8192).verdict).toBe('partial')
  })
})

describe('memory maths', () => {
  const perToken = (id: string) => kvCacheBytesPerLayer(model(id).architecture, { ...defaultContextOptions, contextTokens: 1024 }).reduce((a, b) => a + b) / 1024
  it('KV cache per token at f16 matches layers x kv heads x head dim x 2 x 2 bytes', () => {
    expect(perToken('exaone-4.0-1.2b')).toBe(60 * 1024)
    expect(perToken('exaone-3.5-2.4b')).toBe(75 * 1024)
    expect(perToken('exaone-3.5-7.8b')).toBe(128 * 1024)
    expect(perToken('exaone-3.5-32b')).toBe(256 * 1024)
  })

  it('grows only the global layers of a sliding-window model', () => {
    const kv = (context: number) => kvCacheBytesPerLayer(model('exaone-4.0-32b').architecture, { ...defaultContextOptions, contextTokens: context }).reduce((a, b) => a + b) / GiB
    expect(kv(32_768)).toBeCloseTo(2.84, 1)
    expect(kv(131_072)).toBeCloseTo(8.84, 1)
    expect(kv(131_072) - kv(65_536)).toBeCloseTo(4, 5) // 16 global layers x 64 KiB x 64K tokens
    const q8 = kvCacheBytesPerLayer(model('exaone-4.0-32b').architecture, { ...defaultContextOptions, kvCacheType: 'q8_0', contextTokens: 131_072 }).reduce((a, b) => a + b) / GiB
    expect(q8 / kv(131_072)).toBeCloseTo(34 / 64, 5)
  })

  it('needs about 21 GB at 8K, 23 GB at 32K and 29 GB at 128K for 32B 4-bit on one GPU', () => {
    const total = (context: number) => { const result = fit('exaone-4.0-32b', 'Q4_K_M', profile('h100-80gb'), context); return (result.vramBytes + result.ramBytes) / 1e9 }
    expect(total(8192)).toBeGreaterThan(20.5)
    expect(total(8192)).toBeLessThan(22.5)
    expect(total(32_768)).toBeGreaterThan(22.5)
    expect(total(32_768)).toBeLessThan(24.5)
    expect(total(131_072)).toBeGreaterThan(28.5)
    expect(total(131_072)).toBeLessThan(31)
  })

  it('finds the longest context wholly on the GPU and the longest at all, capped at the trained length', () => {
    const hardware = machine(64, [gpu(24)])
    const result = fit('exaone-4.0-32b', 'Q4_K_M', hardware, 8192)
    expect(result.maxContext).toBe(131_072)
    expect(result.maxContextFullGpu).toBeGreaterThan(32_768)
    expect(result.maxContextFullGpu).toBeLessThan(131_072)
    expect(fit('exaone-4.0-32b', 'Q4_K_M', hardware, result.maxContextFullGpu!).verdict).toBe('gpu')
    expect(fit('exaone-4.0-32b', 'Q4_K_M', hardware, result.maxContextFullGpu! + 512).verdict).toBe('partial')
    const capped = fit('exaone-4.0-1.2b', 'Q4_K_M', hardware, 262_144)
    expect(capped.contextTokens).toBe(65_536)
    expect(capped.reasons.some((reason) => reason.code === 'context-capped')).toBe(true)
  })

  it('uses weights from a GGUF header when given', () => {
    const weights = { inputBytes: 0, outputBytes: 0, outputSharesInput: true, layerBytes: Array.from({ length: 64 }, () => 1e9) }
    const result = fit('exaone-4.0-32b', 'Q4_K_M', machine(128, [gpu(24)]), 8192, { weights })
    expect(result.breakdown.weightsBytes).toBe(64e9)
    expect(result.reasons.some((reason) => reason.code === 'approximate-size')).toBe(false)
  })
})

describe('layers on the GPU set by hand', () => {
  it('gives the memory of that placement, not of the advisor’s own', () => {
    const advised = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192)
    expect(advised.verdict).toBe('gpu')
    const onCpu = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192, { gpuLayers: 0 })
    expect(onCpu.verdict).toBe('cpu')
    expect(onCpu.vramBytes).toBe(0)
    expect(onCpu.ramBytes).toBeGreaterThan(advised.vramBytes)
    const half = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192, { gpuLayers: 32 })
    expect(half.gpuLayers).toBe(32)
    expect(half.vramBytes).toBeLessThan(advised.vramBytes)
  })

  it('does not fit when the chosen layers overflow the GPU, and says how much they need', () => {
    const forced = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(8)]), 8192, { gpuLayers: 999 })
    expect(forced.verdict).toBe('no-fit')
    expect(forced.gpuLayers).toBe(64)
    expect(forced.vramBytes).toBeGreaterThan(16 * GiB)
  })
})

describe('the prefill batch', () => {
  it('is 2,048 tokens on the CPU alone, 512 with any layer on a GPU, never more than the context', () => {
    expect(microBatchFor(0, 8192)).toBe(2048)
    expect(microBatchFor(1, 8192)).toBe(512)
    expect(microBatchFor(0, 1000)).toBe(1000)
    expect(microBatchFor(5, 256)).toBe(256)
  })

  it('sizes the scratch and the sliding windows the advisor counts for the batch of its placement', () => {
    const { architecture } = model('exaone-4.0-32b')
    const memoryWith = (microBatch: number, gpuLayers: number) => {
      const options = { ...defaultContextOptions, microBatch, contextTokens: 8192 }
      const kv = kvCacheBytesPerLayer(architecture, options)
      const cpuKv = kv.slice(0, 64 - gpuLayers).reduce((a, b) => a + b, 0)
      return { cpuCompute: computeBufferBytes(architecture, options, 'cpu', true), cpuKv }
    }
    const onCpu = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192, { gpuLayers: 0 })
    expect(onCpu.breakdown.computeBytes).toBe(memoryWith(2048, 0).cpuCompute)
    expect(onCpu.breakdown.kvCacheBytes).toBe(memoryWith(2048, 0).cpuKv)
    const half = fit('exaone-4.0-32b', 'Q4_K_M', machine(64, [gpu(24)]), 8192, { gpuLayers: 32 })
    expect(half.breakdown.kvCacheBytes).toBe(kvCacheBytesPerLayer(architecture, { ...defaultContextOptions, contextTokens: 8192 }).reduce((a, b) => a + b, 0))
    // 48 sliding layers of pad(4096 + 2048) cells against pad(4096 + 512): 1,536 cells x 4 KiB each more on the CPU.
    expect(memoryWith(2048, 0).cpuKv - memoryWith(512, 0).cpuKv).toBe(48 * 1536 * 4096)
  })
})

describe('speed class', () => {
  it('is given only where memory bandwidth is known, from bytes read per token', () => {
    const withBandwidth = fit('exaone-4.0-32b', 'Q4_K_M', profile('rtx-4090-24gb'), 8192).speed!
    // 1008 GB/s over about 20 GB per token: at most 50 tokens/s, in practice half to three quarters of it.
    expect(withBandwidth.low).toBeGreaterThanOrEqual(15)
    expect(withBandwidth.high).toBeLessThanOrEqual(45)
    const { memoryBandwidthGBps: _bandwidth, ...probeOnly } = profile('rtx-4090-24gb')
    expect(fit('exaone-4.0-32b', 'Q4_K_M', probeOnly, 8192).speed).toBeNull()
  })
})

describe('recommendation', () => {
  const recommend = (modelId: string, hardware: HardwareProfile, context = 8192) => recommendQuant(fitModel(model(modelId), hardware, context))

  it('prefers 8-bit over 16-bit on a GPU, the most precise that fits otherwise, Q4_K_M when partly or on the CPU', () => {
    expect(recommend('exaone-4.0-1.2b', profile('rtx-4060-8gb'))?.reason).toEqual({ code: 'near-lossless-on-gpu', quant: 'Q8_0' })
    expect(recommend('exaone-4.0-32b', profile('rtx-4090-24gb'))?.reason).toEqual({ code: 'most-precise-on-gpu', quant: 'Q5_K_M' })
    expect(recommend('exaone-4.0-32b', profile('rtx-3060-12gb'))?.reason).toEqual({ code: 'balanced', quant: 'Q4_K_M' })
    expect(recommend('exaone-4.0-1.2b', profile('cpu-16gb'))?.reason).toEqual({ code: 'balanced-on-cpu', quant: 'Q4_K_M' })
    expect(recommend('exaone-4.0-32b', profile('cpu-16gb'))).toBeNull()
  })
})

describe('what-if hardware', () => {
  it('has every profile in the shape of a probe, so saved probes and profiles are interchangeable', () => {
    expect(whatIfProfiles.map((item) => item.id)).toEqual([
      'rtx-3060-12gb', 'rtx-4060-8gb', 'rtx-4090-24gb', 'rtx-5090-32gb', '2x-rtx-3090-24gb', 'a100-40gb', 'a100-80gb', 'h100-80gb',
      'apple-16gb', 'apple-32gb', 'apple-64gb', 'apple-128gb', 'cpu-16gb', 'cpu-32gb', 'cpu-64gb'
    ])
    for (const item of whatIfProfiles) {
      expect(HardwareProbe.safeParse(item.hardware).success, item.id).toBe(true)
      expect(item.hardware.memoryBandwidthGBps?.gpus).toHaveLength(item.hardware.gpus.length)
    }
  })

  it('rejects a bad hardware file naming the field', () => {
    const broken = { ...profile('cpu-16gb'), ram: { totalBytes: 'lots' } }
    expect(() => parseHardwareProfile(broken, 'machine.json')).toThrow(/machine\.json is not a hardware description: ram\.totalBytes/)
  })
})

describe('fit advice for several answers at once', () => {
  it('counts a KV cache of the whole context per sequence', () => {
    const hardware = machine(64, [])
    const one = fit('exaone-4.0-1.2b', 'Q8_0', hardware, 8192)
    const four = fit('exaone-4.0-1.2b', 'Q8_0', hardware, 8192, { sequences: 4 })
    const kv = (result: typeof one): number => result.breakdown.kvCacheBytes
    expect(kv(four)).toBe(4 * kv(one))
    expect(four.ramBytes - one.ramBytes).toBe(3 * kv(one))
  })
})
