/**
 * VRAM in use per GPU, for the live monitor. The probe's node-llama-cpp instance is not kept for this: it
 * lives in a child process that exits, and keeping a CUDA or Vulkan context open just to ask would itself
 * take VRAM. Instead, and only while someone watches:
 * - NVIDIA: one `nvidia-smi --loop-ms` process that prints a line per GPU each interval (it keeps NVML
 *   open, so it costs far less than starting nvidia-smi every second);
 * - AMD on Linux: the amdgpu driver's counters in sysfs, one small file read per GPU;
 * - unified memory (Apple silicon, APUs, Intel integrated): nothing, the system RAM figures cover it.
 * A later inference worker that holds a llama can report getVramState() per tick instead.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import type { Gpu } from '../../../shared/hardware'

export interface VramReading {
  usedBytes: number
  totalBytes: number
}

export interface VramSampler {
  /** One reading per GPU, in the same order; null where nothing reports it. */
  read(gpus: Gpu[]): Promise<Array<VramReading | null>>
  stop(): void
}

const mib = 1024 * 1024

/** "0, 1234, 12288": index, memory.used and memory.total in MiB (csv,noheader,nounits). */
export function parseNvidiaSmiLine(line: string): ({ index: number } & VramReading) | null {
  const [index, used, total] = line.split(',').map((field) => Number(field.trim()))
  if (index === undefined || used === undefined || total === undefined || [index, used, total].some(Number.isNaN)) return null
  return { index, usedBytes: used * mib, totalBytes: total * mib }
}

export function createVramSampler(intervalMs: number): VramSampler {
  let smi: ChildProcess | null = null
  let smiFailed = false
  const nvidia = new Map<number, VramReading>()
  let amdCards: Promise<string[]> | null = null

  const startSmi = (): void => {
    smi = spawn('nvidia-smi', ['--query-gpu=index,memory.used,memory.total', '--format=csv,noheader,nounits', `--loop-ms=${intervalMs}`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true
    })
    let pending = ''
    smi.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      for (const reading of lines.map(parseNvidiaSmiLine)) {
        if (reading) nvidia.set(reading.index, reading)
      }
    })
    const failed = (): void => {
      smiFailed = true
      smi = null
      nvidia.clear()
    }
    smi.on('error', failed).on('exit', failed)
  }

  return {
    async read(gpus) {
      if (!smi && !smiFailed && gpus.some((gpu) => gpu.vendor === 'nvidia' && !gpu.unifiedMemory)) startSmi()
      const wantsAmd = process.platform === 'linux' && gpus.some((gpu) => gpu.vendor === 'amd' && !gpu.unifiedMemory)
      if (wantsAmd) amdCards ??= findAmdCards()
      const amd = wantsAmd ? await readAmdCards(await (amdCards ?? Promise.resolve([]))) : []
      const nvidiaReadings = [...nvidia.values()]
      const taken = new Set<VramReading>()
      return gpus.map((gpu) => {
        if (gpu.unifiedMemory) return null
        if (gpu.vendor === 'nvidia') return nearest(nvidiaReadings, gpu.vramTotalBytes, taken)
        if (gpu.vendor === 'amd') return nearest(amd, gpu.vramTotalBytes, taken)
        return null
      })
    },
    stop() {
      smi?.removeAllListeners('exit')
      smi?.kill()
      smi = null
      smiFailed = false
      nvidia.clear()
    }
  }
}

async function findAmdCards(): Promise<string[]> {
  const root = '/sys/class/drm'
  const entries = await readdir(root).catch(() => [])
  return entries.filter((name) => /^card\d+$/.test(name)).map((name) => `${root}/${name}/device`)
}

async function readAmdCards(devices: string[]): Promise<VramReading[]> {
  const readings = await Promise.all(
    devices.map(async (device) => {
      const [used, total] = await Promise.all(
        ['mem_info_vram_used', 'mem_info_vram_total'].map((file) => readFile(`${device}/${file}`, 'utf8').then(Number, () => NaN))
      )
      return used !== undefined && total !== undefined && total > 0 && !Number.isNaN(used) ? { usedBytes: used, totalBytes: total } : null
    })
  )
  return readings.filter((reading) => reading !== null)
}

/** The card whose VRAM size is closest to the probe's figure for that GPU, each card used once (the tools
 * number GPUs in PCI order, the probe lists the ones llama.cpp uses first). */
function nearest(readings: VramReading[], totalBytes: number, taken: Set<VramReading>): VramReading | null {
  let best: VramReading | null = null
  for (const reading of readings) {
    if (taken.has(reading)) continue
    if (!best || Math.abs(reading.totalBytes - totalBytes) < Math.abs(best.totalBytes - totalBytes)) best = reading
  }
  if (best) taken.add(best)
  return best
}
