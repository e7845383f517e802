import type { Gpu } from '../../../shared/hardware'
import type { MonitorTick } from '../../../shared/monitor'
import { memoryWatcher } from '../hardware/memory'
import { cpuPercent, readCpuTimes, type CpuTimes } from './cpu-load'
import type { ProcessRegistry } from './process-memory'
import { createVramSampler } from './vram-sampler'

export type Reading = Omit<MonitorTick, 'seq' | 'at'>

/** Reads everything a tick shows; made when sampling starts and stopped when it ends. */
export interface Sampler {
  sample(gpus: Gpu[]): Promise<Reading>
  stop(): void
}

/**
 * CPU load is a difference of two readings. The monitor samples as soon as someone listens, so comparing its first
 * tick with the moment sampling started measured a few milliseconds, less than one of the OS's 10 ms ticks, and
 * showed 0%. The first tick compares with the last reading taken in this process instead (at the latest, when
 * this module loaded with the backend).
 */
let lastCpu: CpuTimes = readCpuTimes()

export function createSystemSampler(processes: ProcessRegistry, intervalMs: number): Sampler {
  const vram = createVramSampler(intervalMs)
  const readMemory = memoryWatcher()
  return {
    async sample(gpus) {
      const [vramReadings, ram] = await Promise.all([vram.read(gpus), readMemory()])
      const [app, cpu] = [processes.read(), readCpuTimes()]
      const before = lastCpu
      lastCpu = cpu
      return {
        ram: { totalBytes: ram.totalBytes, usedBytes: ram.totalBytes - ram.availableBytes, availableBytes: ram.availableBytes },
        cpuPercent: cpuPercent(before, cpu),
        app,
        gpus: gpus.map((gpu, index) => {
          const reading = vramReadings[index] ?? null
          return {
            name: gpu.name,
            usedBytes: reading?.usedBytes ?? null,
            totalBytes: reading?.totalBytes ?? gpu.vramTotalBytes,
            unifiedMemory: gpu.unifiedMemory
          }
        })
      }
    },
    stop: () => vram.stop()
  }
}
