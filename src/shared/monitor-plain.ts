/** The monitor's timing and the memory check the window runs on every tick, without zod (monitor.ts has the schemas). */
import type { MonitorTick } from './monitor'

/** How often the monitor samples and how much history it keeps; the window starts with these until `monitor:history` answers. */
export const monitorTiming = { intervalMs: 1000, windowMs: 5 * 60_000 } as const

/** What a loaded model still needs free, set by whoever loads it. */
export interface RequiredMemory {
  ramBytes: number
  vramBytes: number
}

export interface MemoryShortfall {
  kind: 'ram' | 'vram'
  requiredBytes: number
  freeBytes: number
}

/**
 * Where free memory is below what the model needs. VRAM counts the GPUs with a known figure and their own
 * memory; on unified memory the model's VRAM comes out of system RAM, so both needs add up there.
 */
export function memoryShortfalls(tick: MonitorTick, required: RequiredMemory): MemoryShortfall[] {
  const dedicated = tick.gpus.filter((gpu) => !gpu.unifiedMemory && gpu.usedBytes !== null)
  const unified = dedicated.length === 0 && tick.gpus.some((gpu) => gpu.unifiedMemory)
  const ramNeed = required.ramBytes + (unified ? required.vramBytes : 0)
  const shortfalls: MemoryShortfall[] = []
  if (ramNeed > tick.ram.availableBytes) {
    shortfalls.push({ kind: 'ram', requiredBytes: ramNeed, freeBytes: tick.ram.availableBytes })
  }
  if (!unified && required.vramBytes > 0 && dedicated.length > 0) {
    const vramFree = Math.max(...dedicated.map((gpu) => gpu.totalBytes - (gpu.usedBytes ?? 0)))
    if (required.vramBytes > vramFree) shortfalls.push({ kind: 'vram', requiredBytes: required.vramBytes, freeBytes: vramFree })
  }
  return shortfalls
}
