import { readFile, statfs } from 'node:fs/promises'
import os from 'node:os'
import type { HardwareProbe } from '../../shared/hardware'
import type { Handlers } from '../dispatcher'

/** The fast part of the probe: what the OS tells at once, no GPU libraries. */
export async function probeFast(modelsDir: string): Promise<HardwareProbe> {
  const [ram, cpuInfo, disk] = await Promise.all([readRam(), readCpuInfo(), readDisk(modelsDir)])
  const threads = os.availableParallelism()
  return {
    probedAt: new Date().toISOString(),
    complete: true,
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    cpu: {
      brand: os.cpus()[0]?.model.trim() || 'Unknown CPU',
      cores: cpuInfo?.physicalCores ?? threads,
      threads,
      features: cpuInfo?.features ?? null
    },
    ram,
    gpus: [],
    disk
  }
}

async function readRam(): Promise<HardwareProbe['ram']> {
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => null)
  if (!meminfo) {
    return { totalBytes: os.totalmem(), availableBytes: os.freemem(), swapTotalBytes: null, swapFreeBytes: null }
  }
  const kib = (key: string): number | null => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo)
    return match ? Number(match[1]) * 1024 : null
  }
  return {
    totalBytes: kib('MemTotal') ?? os.totalmem(),
    availableBytes: kib('MemAvailable') ?? os.freemem(),
    swapTotalBytes: kib('SwapTotal'),
    swapFreeBytes: kib('SwapFree')
  }
}

export function parseCpuInfo(text: string): { physicalCores: number; features: NonNullable<HardwareProbe['cpu']['features']> } {
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
  const has = new Set(flags.split(/\s+/))
  return {
    physicalCores: cores.size,
    features: {
      avx: has.has('avx'),
      avx2: has.has('avx2'),
      avx512: [...has].some((flag) => flag.startsWith('avx512')),
      neon: has.has('neon') || has.has('asimd')
    }
  }
}

async function readCpuInfo(): Promise<ReturnType<typeof parseCpuInfo> | null> {
  const text = await readFile('/proc/cpuinfo', 'utf8').catch(() => null)
  if (!text) return null
  const parsed = parseCpuInfo(text)
  return parsed.physicalCores > 0 ? parsed : { ...parsed, physicalCores: os.availableParallelism() }
}

/** Free space on the volume of the models folder (or the nearest folder that exists). */
async function readDisk(path: string): Promise<HardwareProbe['disk']> {
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

export function hardwareHandlers(modelsDir: string): Pick<Handlers, 'hardware:probe'> {
  return {
    'hardware:probe': () => probeFast(modelsDir)
  }
}
