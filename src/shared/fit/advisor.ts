/**
 * The fit advisor: for a model file, a context length and a machine, whether it runs on the GPU, partly on the
 * GPU, on the CPU or not at all, how much memory it takes where, the longest contexts that still fit, and why.
 */
import { globalLayerCount } from '../catalog/architecture'
import type { CatalogModel, CatalogQuant } from '../catalog/catalog'
import type { HardwareProfile } from '../hardware-profiles'
import { memoryBudgets } from './budget'
import { defaultContextOptions, kvCacheBytesPerLayer, microBatchFor, weightsFromCatalog, type ContextOptions, type KvCacheType, type WeightsSplit } from './memory'
import { bestPlacement, chosenPlacement, deviceBytes, type DeviceUse, type GpuUse, type MemoryFor, type Placement } from './placement'
import type { FitReason } from './reasons'
import { estimateSpeed, type SpeedRange } from './speed'

export type Verdict = 'gpu' | 'partial' | 'cpu' | 'no-fit' | 'no-disk'
export const runnableVerdicts: readonly Verdict[] = ['gpu', 'partial', 'cpu']

export interface FitRequest {
  model: Pick<CatalogModel, 'architecture' | 'parameters'>
  quant: Pick<CatalogQuant, 'sizeBytes' | 'sizeSource'>
  hardware: HardwareProfile
  contextTokens: number
  kvCacheType?: KvCacheType
  /** Answers written at once: each sequence has a KV cache of the whole context. Defaults to 1. */
  sequences?: number
  /** Tensor by tensor from a GGUF header, when one is at hand; otherwise shared out from the file size. */
  weights?: WeightsSplit
  /** Layers on the GPU as the user set them (Settings, a load option); the advisor places them otherwise. */
  gpuLayers?: number
}

export interface FitResult {
  verdict: Verdict
  /** The context the figures are for: the one asked, capped at the trained length. */
  contextTokens: number
  gpuLayers: number
  totalLayers: number
  vramBytes: number
  ramBytes: number
  diskBytes: number
  gpus: Array<Pick<GpuUse, 'index' | 'name' | 'layers' | 'budgetBytes'> & { bytes: number }>
  breakdown: DeviceUse
  /** Longest context (tokens) with every layer on the GPU; null when not even the shortest fits. */
  maxContextFullGpu: number | null
  /** Longest context that runs at all, wherever the layers go. */
  maxContext: number | null
  speed: SpeedRange | null
  reasons: FitReason[]
}

/** Contexts are searched in steps of this many tokens. */
const contextStep = 512

export function evaluateFit(request: FitRequest): FitResult {
  const { model, quant, hardware } = request
  const { architecture } = model
  const trained = architecture.trainedContext
  const options: ContextOptions = {
    ...defaultContextOptions,
    ...(request.kvCacheType && { kvCacheType: request.kvCacheType }),
    contextTokens: Math.min(request.contextTokens, trained)
  }
  const budgets = memoryBudgets(hardware)
  const weights = request.weights ?? weightsFromCatalog(model, quant)
  const memoryAt = (contextTokens: number): MemoryFor => (gpuLayers) => {
    const atContext = { ...options, contextTokens, microBatch: microBatchFor(gpuLayers, contextTokens) }
    const kvBytesPerLayer = kvCacheBytesPerLayer(architecture, atContext).map((bytes) => bytes * (request.sequences ?? 1))
    return { architecture, weights, kvBytesPerLayer, options: atContext }
  }
  const planAt = (contextTokens: number): Placement => bestPlacement(memoryAt(contextTokens), budgets)
  const allOnGpu = (placement: Placement): boolean => placement.fits && placement.outputOnGpu && placement.gpuLayers === architecture.layers

  const memoryFor = memoryAt(options.contextTokens)
  const placement = request.gpuLayers === undefined ? bestPlacement(memoryFor, budgets) : chosenPlacement(memoryFor, budgets, request.gpuLayers)
  const memory = memoryFor(placement.gpuLayers)
  const vramBytes = Math.round(placement.gpus.reduce((total, gpu) => total + deviceBytes(gpu), 0))
  const ramBytes = Math.round(deviceBytes(placement.cpu))
  const disk = hardware.disk
  const verdict: Verdict = !placement.fits
    ? 'no-fit'
    : disk && disk.freeBytes < quant.sizeBytes
      ? 'no-disk'
      : allOnGpu(placement) ? 'gpu' : placement.gpuLayers > 0 ? 'partial' : 'cpu'

  const reasons: FitReason[] = []
  const layers = architecture.layers
  const gpuBudget = budgets.gpus.reduce((total, gpu) => total + gpu.budgetBytes, 0)
  if (!placement.fits) {
    const available = budgets.ramBytes + budgets.gpus.filter((gpu) => !gpu.unified).reduce((total, gpu) => total + gpu.budgetBytes, 0)
    reasons.push({ code: 'too-large', needed: vramBytes + ramBytes, available })
  } else if (allOnGpu(placement)) {
    reasons.push({ code: 'all-on-gpu', layers, vram: vramBytes, budget: gpuBudget })
  } else if (placement.gpuLayers > 0) {
    reasons.push({ code: 'partly-on-gpu', gpuLayers: placement.gpuLayers, layers, cpuLayers: layers - placement.gpuLayers, vram: vramBytes, ram: ramBytes })
  } else {
    if (budgets.gpus.length === 0) reasons.push({ code: 'no-usable-gpu' })
    else reasons.push({ code: 'gpu-too-small', layer: Math.round((weights.layerBytes.at(-1) ?? 0) + (memory.kvBytesPerLayer.at(-1) ?? 0)), budget: Math.max(...budgets.gpus.map((gpu) => gpu.budgetBytes)) })
    reasons.push({ code: 'cpu-only', ram: ramBytes, budget: budgets.ramBytes })
  }
  if (disk && disk.freeBytes < quant.sizeBytes) reasons.push({ code: 'not-enough-disk', needed: quant.sizeBytes, free: disk.freeBytes, path: disk.path })
  const kv = Math.round(memory.kvBytesPerLayer.reduce((total, bytes) => total + bytes, 0))
  reasons.push({ code: 'kv-cache', kv, context: options.contextTokens, kvType: options.kvCacheType })
  if (architecture.slidingWindow) {
    reasons.push({ code: 'sliding-window', globalLayers: globalLayerCount(architecture), layers, window: architecture.slidingWindow.size })
  }
  if (request.contextTokens > trained) reasons.push({ code: 'context-capped', requested: request.contextTokens, trained })
  if (quant.sizeSource !== 'exact' && !request.weights) reasons.push({ code: 'approximate-size' })
  for (const gpu of budgets.unusableGpus) reasons.push({ code: 'gpu-unusable', gpu: gpu.name, unusable: gpu.code })
  if (budgets.gpus.some((gpu) => gpu.unified)) reasons.push({ code: 'unified-memory', pool: budgets.ramBytes })

  return {
    verdict,
    contextTokens: options.contextTokens,
    gpuLayers: placement.gpuLayers,
    totalLayers: layers,
    vramBytes,
    ramBytes,
    diskBytes: quant.sizeBytes,
    gpus: placement.gpus.map((gpu) => ({ index: gpu.index, name: gpu.name, layers: gpu.layers, budgetBytes: Math.round(gpu.budgetBytes), bytes: Math.round(deviceBytes(gpu)) })),
    breakdown: [placement.cpu, ...placement.gpus].reduce(addUse, { weightsBytes: 0, kvCacheBytes: 0, computeBytes: 0, runtimeBytes: 0 }),
    maxContextFullGpu: largestContext(trained, (tokens) => allOnGpu(planAt(tokens))),
    maxContext: largestContext(trained, (tokens) => planAt(tokens).fits),
    speed: placement.fits ? estimateSpeed(placement, memory, hardware.memoryBandwidthGBps, model.parameters.active / model.parameters.total) : null,
    reasons
  }
}

/** The longest context for which `fits` holds; memory only grows with context, so bisection finds it. */
function largestContext(trained: number, fits: (tokens: number) => boolean): number | null {
  if (fits(trained)) return trained
  if (!fits(contextStep)) return null
  let low = 1
  let high = Math.floor(trained / contextStep)
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (fits(middle * contextStep)) low = middle
    else high = middle - 1
  }
  return low * contextStep
}

const addUse = (total: DeviceUse, use: DeviceUse): DeviceUse => ({
  weightsBytes: Math.round(total.weightsBytes + use.weightsBytes),
  kvCacheBytes: Math.round(total.kvCacheBytes + use.kvCacheBytes),
  computeBytes: Math.round(total.computeBytes + use.computeBytes),
  runtimeBytes: Math.round(total.runtimeBytes + use.runtimeBytes)
})
