/**
 * Where llama.cpp would put a model with N layers offloaded: the last N layers (with their KV cache) on the GPUs,
 * filled in order, the output layer on the last GPU once every layer is there, the rest in RAM.
 */
import type { Architecture } from '../catalog/architecture'
import type { MemoryBudgets } from './budget'
import { computeBufferBytes, cpuRuntimeBytes, gpuRuntimeBytes, type ContextOptions, type WeightsSplit } from './memory'

export interface ModelMemory {
  architecture: Architecture
  weights: WeightsSplit
  kvBytesPerLayer: number[]
  options: ContextOptions
}

export interface DeviceUse {
  weightsBytes: number
  kvCacheBytes: number
  computeBytes: number
  runtimeBytes: number
}

export interface GpuUse extends DeviceUse {
  index: number
  name: string
  layers: number
  budgetBytes: number
}

export interface Placement {
  gpuLayers: number
  outputOnGpu: boolean
  gpus: GpuUse[]
  cpu: DeviceUse
  /** Every part has a place within its budget. */
  fits: boolean
}

/** A model's memory with a given number of layers on the GPUs: the micro-batch depends on it (`microBatchFor`). */
export type MemoryFor = (gpuLayers: number) => ModelMemory

export const deviceBytes = (use: DeviceUse): number => use.weightsBytes + use.kvCacheBytes + use.computeBytes + use.runtimeBytes

/** Places the last `gpuLayers` layers on the GPUs; null when they do not fit there. */
export function placeLayers(memory: ModelMemory, budgets: MemoryBudgets, gpuLayers: number): Placement | null {
  const { architecture, weights, kvBytesPerLayer, options } = memory
  const layers = architecture.layers
  const outputOnGpu = gpuLayers === layers && budgets.gpus.length > 0
  const gpus: GpuUse[] = budgets.gpus.map((gpu) => ({
    index: gpu.index, name: gpu.name, budgetBytes: gpu.budgetBytes, layers: 0, weightsBytes: 0, kvCacheBytes: 0, computeBytes: 0, runtimeBytes: 0
  }))
  const gpuFixed = (holdsOutput: boolean): number => gpuRuntimeBytes + computeBufferBytes(architecture, options, 'gpu', holdsOutput)
  const fitsOn = (gpu: GpuUse | undefined, extraBytes: number, holdsOutput: boolean): gpu is GpuUse =>
    gpu !== undefined && gpu.weightsBytes + gpu.kvCacheBytes + extraBytes + gpuFixed(holdsOutput) <= gpu.budgetBytes
  let current = 0
  for (let layer = layers - gpuLayers; layer < layers; layer++) {
    const weightsBytes = weights.layerBytes[layer] ?? 0
    const kvCacheBytes = kvBytesPerLayer[layer] ?? 0
    while (current < gpus.length && !fitsOn(gpus[current], weightsBytes + kvCacheBytes, current === gpus.length - 1 && outputOnGpu)) current++
    const gpu = gpus[current]
    if (!gpu) return null
    gpu.layers++
    gpu.weightsBytes += weightsBytes
    gpu.kvCacheBytes += kvCacheBytes
  }
  const last = gpus.at(-1)
  if (outputOnGpu && last) {
    last.weightsBytes += weights.outputBytes
    if (!fitsOn(last, 0, true)) return null
  }
  for (const [position, gpu] of gpus.entries()) {
    const holdsOutput = outputOnGpu && position === gpus.length - 1
    if (gpu.layers === 0 && !holdsOutput) continue
    gpu.computeBytes = computeBufferBytes(architecture, options, 'gpu', holdsOutput)
    gpu.runtimeBytes = gpuRuntimeBytes
  }

  const cpuLayers = layers - gpuLayers
  const cpu: DeviceUse = {
    weightsBytes: weights.inputBytes + (outputOnGpu || weights.outputSharesInput ? 0 : weights.outputBytes) + sum(weights.layerBytes.slice(0, cpuLayers)),
    kvCacheBytes: sum(kvBytesPerLayer.slice(0, cpuLayers)),
    computeBytes: computeBufferBytes(architecture, options, 'cpu', !outputOnGpu),
    runtimeBytes: cpuRuntimeBytes
  }
  const usedGpus = gpus.filter((gpu) => gpu.layers > 0 || gpu.weightsBytes > 0)
  const unifiedBytes = usedGpus.filter((gpu) => budgets.gpus.find((budget) => budget.index === gpu.index)?.unified).reduce((total, gpu) => total + deviceBytes(gpu), 0)
  return { gpuLayers, outputOnGpu, gpus: usedGpus, cpu, fits: deviceBytes(cpu) + unifiedBytes <= budgets.ramBytes }
}

/** The most layers the GPUs hold, then the placement for it (or for the CPU alone if shared memory is short). */
export function bestPlacement(memoryFor: MemoryFor, budgets: MemoryBudgets): Placement {
  const place = (gpuLayers: number): Placement | null => placeLayers(memoryFor(gpuLayers), budgets, gpuLayers)
  let low = 0
  let high = budgets.gpus.length > 0 ? memoryFor(0).architecture.layers : 0
  // More layers never need less GPU memory, so the largest count that fits is found by bisection.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (place(middle)) low = middle
    else high = middle - 1
  }
  const best = place(low) as Placement
  if (best.fits || low === 0) return best
  // Unified memory: giving up the GPU also gives up its runtime and scratch, which may just make room.
  return place(0) as Placement
}

/**
 * The placement for the layers a person chose to put on the GPU (capped at the model's). When they do not fit
 * there, the figures are still what that placement needs (as if the GPUs had room), and it does not fit.
 */
export function chosenPlacement(memoryFor: MemoryFor, budgets: MemoryBudgets, gpuLayers: number): Placement {
  const layers = budgets.gpus.length > 0 ? Math.min(gpuLayers, memoryFor(0).architecture.layers) : 0
  const memory = memoryFor(layers)
  const placed = placeLayers(memory, budgets, layers)
  if (placed) return placed
  const roomy = { ...budgets, gpus: budgets.gpus.map((gpu) => ({ ...gpu, budgetBytes: Number.POSITIVE_INFINITY })) }
  return { ...(placeLayers(memory, roomy, layers) as Placement), fits: false }
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0)
