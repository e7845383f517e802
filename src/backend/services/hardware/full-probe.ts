import type { HardwareProbe } from '../../../shared/hardware'
import { parseCpuFlags, probeFast } from './fast-probe'
import { runProbeChild, type LlamaReport, type ProbeChildHandle, type SystemInfo } from './probe-child'
import { reconcileGpus } from './reconcile'

/** Every source, the slow ones included (node-llama-cpp and systeminformation, in a child process): seconds. */
export async function probeFull(modelsDir: string, spawn?: () => ProbeChildHandle): Promise<HardwareProbe> {
  const [fast, { system, llama }] = await Promise.all([probeFast(modelsDir), runProbeChild(spawn ? { spawn } : {})])
  return completeProbe(fast, system, llama)
}

/** Adds what the slow sources know to the fast answer; what the OS said directly (/proc) wins over a library. */
export function completeProbe(fast: HardwareProbe, system: SystemInfo, llama: LlamaReport): HardwareProbe {
  const { cpu, cpuFlags, mem } = system
  const brand = cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : ''
  // Only /proc/meminfo gives swap to the fast probe; elsewhere os.freemem() undercounts (macOS leaves cache out).
  const readFromProc = fast.ram.swapTotalBytes !== null
  return {
    ...fast,
    probedAt: new Date().toISOString(),
    complete: true,
    cpu: {
      brand: fast.cpu.brand === 'Unknown CPU' && brand ? brand : fast.cpu.brand,
      cores: cpu?.physicalCores || fast.cpu.cores,
      threads: fast.cpu.threads,
      features: fast.cpu.features ?? (cpuFlags !== null ? parseCpuFlags(cpuFlags, fast.os.arch) : null)
    },
    ram:
      readFromProc || !mem
        ? fast.ram
        : { totalBytes: mem.total, availableBytes: mem.available, swapTotalBytes: mem.swaptotal, swapFreeBytes: mem.swapfree },
    gpus: reconcileGpus(system.graphics, llama),
    llamaCpp: {
      backend: llama.gpu || null,
      availableBackends: llama.supportedGpuTypes.filter((type) => type !== false),
      problem: llama.error
    }
  }
}
