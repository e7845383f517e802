/**
 * A rough decoding speed, only where memory bandwidth is known (the what-if profiles): each new token reads every
 * active weight and the KV cache once, so bandwidth divided by bytes read bounds tokens per second.
 */
import type { HardwareProfile } from '../hardware-profiles'
import type { ModelMemory, Placement } from './placement'

export interface SpeedRange {
  low: number
  high: number
}

/** Real runs reach about half to three quarters of the peak bandwidth. */
const efficiency = { low: 0.5, high: 0.75 }

export function estimateSpeed(
  placement: Placement,
  memory: ModelMemory,
  bandwidth: HardwareProfile['memoryBandwidthGBps'],
  activeShare: number
): SpeedRange | null {
  if (!bandwidth) return null
  const { weights } = memory
  const outputBytes = weights.outputBytes
  // Per device: seconds to stream its weights and its KV cache. A mixture of experts reads only the active share of
  // its layers; the output matrix is read whole for every token, on the last GPU or on the CPU. The input embedding
  // is only looked up (one row a token), so it is not counted.
  const holdsOutput = (position: number): boolean => placement.outputOnGpu && position === placement.gpus.length - 1
  const cpuOutputBytes = placement.outputOnGpu ? 0 : outputBytes
  // Tied embeddings hold the output matrix once, as the input embedding; untied ones add it to the CPU's weights.
  const cpuLayerBytes = placement.cpu.weightsBytes - weights.inputBytes - (placement.outputOnGpu || weights.outputSharesInput ? 0 : outputBytes)
  const devices = [
    ...placement.gpus.map((gpu, position) => {
      const output = holdsOutput(position) ? outputBytes : 0
      return { gbps: bandwidth.gpus[gpu.index] ?? bandwidth.ram, weights: (gpu.weightsBytes - output) * activeShare + output, kv: gpu.kvCacheBytes }
    }),
    { gbps: bandwidth.ram, weights: cpuLayerBytes * activeShare + cpuOutputBytes, kv: placement.cpu.kvCacheBytes }
  ]
  const seconds = (withKv: boolean): number =>
    devices.reduce((total, device) => total + (Math.max(0, device.weights) + (withKv ? device.kv : 0)) / (device.gbps * 1e9), 0)
  return { low: roundDown(efficiency.low / seconds(true)), high: roundUp(efficiency.high / seconds(false)) }
}

const step = (value: number): number => (value >= 100 ? 10 : value >= 20 ? 5 : value >= 2 ? 1 : 0.1)
const roundDown = (value: number): number => Math.max(0.1, Math.floor(value / step(value)) * step(value))
const roundUp = (value: number): number => Math.ceil(value / step(value)) * step(value)
