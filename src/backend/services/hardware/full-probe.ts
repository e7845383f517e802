import type { HardwareProbe } from '../../../shared/hardware'
import { parseCpuFlags, probeFast } from './fast-probe'
import { readMemory } from './memory'
import { runProbeChild, type LlamaReport, type ProbeChildHandle, type SystemInfo } from './probe-child'
import { reconcileGpus } from './reconcile'

/** Every source, the slow ones included (node-llama-cpp and systeminformation, in a child process): seconds. */
export async function probeFull(modelsDir: string, spawn?: () => ProbeChildHandle, signal?: AbortSignal): Promise<HardwareProbe> {
  const memory = readMemory()
  const [fast, { system, llama }, { approximate }] = await Promise.all([probeFast(modelsDir, memory), runProbeChild({ ...(spawn && { spawn }), ...(signal && { signal }) }), memory])
  return completeProbe(fast, system, llama, approximate)
}

/**
 * Adds what the slow sources know to the fast answer; what the OS said directly wins over a library. Memory
 * is the fast probe's (see memory.ts) unless it was only os.freemem()'s guess; swap comes from
 * systeminformation where the fast probe has none (Windows).
 */
export function completeProbe(fast: HardwareProbe, system: SystemInfo, llama: LlamaReport, ramApproximate = false): HardwareProbe {
  const { cpu, cpuFlags, mem } = system
  const brand = cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : ''
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
    ram: {
      ...fast.ram,
      ...(ramApproximate && mem && { availableBytes: mem.available }),
      ...(fast.ram.swapTotalBytes === null && mem && { swapTotalBytes: mem.swaptotal, swapFreeBytes: mem.swapfree })
    },
    gpus: reconcileGpus(system.graphics, llama),
    llamaCpp: {
      backend: llama.gpu || null,
      availableBackends: llama.supportedGpuTypes.filter((type) => type !== false),
      problem: llama.error
    }
  }
}
