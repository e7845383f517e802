import { readFile, statfs } from 'node:fs/promises'
import os from 'node:os'
import type { HardwareProbe } from '../../../shared/hardware'
import { readMemory, type MemoryReading } from './memory'

// Other /proc readers (the monitor's CPU load) take it from here.
export { readProcFile } from './memory'

type CpuFeatures = NonNullable<HardwareProbe['cpu']['features']>

/**
 * The fast part of the probe: what the OS tells at once (tens of milliseconds), no GPU libraries. GPUs are
 * left empty and `complete` false; the full probe fills them in.
 */
export async function probeFast(modelsDir: string, memory: Promise<MemoryReading> = readMemory()): Promise<HardwareProbe> {
  const [cpuInfo, disk, { approximate: _, ...ram }] = await Promise.all([readCpuInfo(), readDisk(modelsDir), memory])
  const threads = os.availableParallelism()
  return {
    probedAt: new Date().toISOString(),
    complete: false,
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    cpu: {
      brand: os.cpus()[0]?.model.trim() || 'Unknown CPU',
      cores: cpuInfo?.physicalCores ?? threads,
      threads,
      features: cpuInfo?.features ?? null
    },
    ram,
    gpus: [],
    llamaCpp: null,
    disk
  }
}

export function parseCpuInfo(text: string): { physicalCores: number; features: CpuFeatures } {
  const cores = new Set<string>()
  let physicalId = '0'
  let flags = ''
  for (const line of text.split('\n')) {
    const [rawKey, ...rest] = line.split(':')
    const key = rawKey?.trim()
    const value = rest.join(':').trim()
    if (key === 'physical id') physicalId = value
    else if (key === 'core id') cores.add(`${physicalId}:${value}`)
    else if ((key === 'flags' || key === 'Features') && !flags) flags = value
  }
  return { physicalCores: cores.size, features: parseCpuFlags(flags, process.arch) }
}

/** Instruction sets from a flag list: /proc/cpuinfo's, or systeminformation's on other systems. */
export function parseCpuFlags(flags: string, arch: string): CpuFeatures {
  const has = new Set(flags.toLowerCase().split(/\s+/))
  return {
    // macOS names it "avx1.0".
    avx: has.has('avx') || has.has('avx1.0'),
    avx2: has.has('avx2'),
    avx512: [...has].some((flag) => flag.startsWith('avx512')),
    // NEON is part of every 64-bit Arm CPU, whether or not the OS lists it.
    neon: has.has('neon') || has.has('asimd') || arch === 'arm64'
  }
}

async function readCpuInfo(): Promise<ReturnType<typeof parseCpuInfo> | null> {
  const text = await readFile('/proc/cpuinfo', 'utf8').catch(() => null)
  if (!text) return null
  const parsed = parseCpuInfo(text)
  return parsed.physicalCores > 0 ? parsed : { ...parsed, physicalCores: os.availableParallelism() }
}

/**
 * Free space on the volume of the models folder (or the nearest folder that exists). statfs asks about that
 * exact folder; systeminformation's fsSize lists every mount and would need matching paths to mounts.
 */
export async function readDisk(path: string): Promise<HardwareProbe['disk']> {
  let candidate = path
  for (;;) {
    try {
      const stats = await statfs(candidate)
      return { path, totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize }
    } catch {
      const parent = candidate.replace(/[\\/][^\\/]*$/, '')
      if (!parent || parent === candidate) return null
      candidate = parent
    }
  }
}
