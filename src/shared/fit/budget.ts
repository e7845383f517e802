/** How much memory a model may take on a machine: what is free now, less a margin for everything else. */
import type { HardwareProfile } from '../hardware-profiles'
import type { GpuUnusableCode } from '../hardware'

const MiB = 1024 ** 2

export interface GpuBudget {
  /** Position in the probe's `gpus`. */
  index: number
  name: string
  budgetBytes: number
  /** Apple silicon and APUs: this memory is the same RAM the CPU budget counts. */
  unified: boolean
}

export interface MemoryBudgets {
  ramBytes: number
  gpus: GpuBudget[]
  unusableGpus: Array<{ name: string; code: GpuUnusableCode }>
}

/** Left for the system, other programs and growth: at least 512 MB or 5% of RAM. */
export const ramMarginBytes = (totalBytes: number): number => Math.max(512 * MiB, 0.05 * totalBytes)
/** Left on a GPU for fragmentation and the desktop: at least 256 MB or 3% of its memory. */
export const vramMarginBytes = (totalBytes: number): number => Math.max(256 * MiB, 0.03 * totalBytes)

export function memoryBudgets(hardware: HardwareProfile): MemoryBudgets {
  const ramBytes = Math.max(0, Math.round(hardware.ram.availableBytes - ramMarginBytes(hardware.ram.totalBytes)))
  const gpus: GpuBudget[] = []
  const unusableGpus: MemoryBudgets['unusableGpus'] = []
  hardware.gpus.forEach((gpu, index) => {
    if (gpu.backend === null) {
      unusableGpus.push({ name: gpu.name, code: gpu.unusableCode ?? 'unsupported' })
      return
    }
    // A unified GPU whose limit no source reported can still use what RAM is free.
    const usable = gpu.unifiedMemory
      ? Math.min(gpu.vramTotalBytes > 0 ? gpu.vramTotalBytes - vramMarginBytes(gpu.vramTotalBytes) : ramBytes, ramBytes)
      : (gpu.vramFreeBytes ?? gpu.vramTotalBytes) - vramMarginBytes(gpu.vramTotalBytes)
    gpus.push({ index, name: gpu.name, budgetBytes: Math.max(0, Math.round(usable)), unified: gpu.unifiedMemory })
  })
  return { ramBytes, gpus, unusableGpus }
}
