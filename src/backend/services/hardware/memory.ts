/**
 * System memory, one way for everything that asks: the fast and full probes, the monitor (once a second) and
 * the engine's load floor. "Available" means what a new program could take without swapping, cache that the
 * OS reclaims included, per platform:
 * - Linux: /proc/meminfo's MemAvailable (the kernel's own estimate). Read synchronously: the kernel makes the
 *   file up in memory, so a sync read takes microseconds, while an async one costs four thread-pool round
 *   trips, which is most of what the once-a-second monitor spends.
 * - macOS: `vm_stat`, (free + inactive + purgeable + speculative) pages, as Activity Monitor counts it;
 *   os.freemem() is free pages only and leaves the file cache out. Swap from `sysctl vm.swapusage`, for the
 *   probes only. Both run asynchronously with a short timeout; if vm_stat fails, os.freemem() stands in, with
 *   `approximate` set.
 * - Windows: os.freemem() is GlobalMemoryStatusEx's ullAvailPhys, which already counts the standby list.
 *   Swap (the page file) would need PowerShell or WMI, far too slow for the monitor: null, and the full probe
 *   takes it from systeminformation.
 * Total is os.totalmem() where /proc is missing (sysctl hw.memsize on macOS, ullTotalPhys on Windows).
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import type { HardwareProbe } from '../../../shared/hardware'

export interface MemoryReading extends Ram {
  /** True when the platform's own figure could not be read and os.freemem() stands in for it. */
  approximate: boolean
}

type Ram = HardwareProbe['ram']

/** What reading memory needs from the machine; tests pass another platform's recorded answers. */
export interface MemorySystem {
  platform: NodeJS.Platform
  readProcFile(path: string): string | null
  run(command: string, args: string[]): Promise<string>
  totalmem(): number
  freemem(): number
}

const toolTimeoutMs = 1000

export const thisSystem: MemorySystem = {
  platform: process.platform,
  readProcFile,
  run: (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, args, { timeout: toolTimeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)))
    }),
  totalmem: () => os.totalmem(),
  freemem: () => os.freemem()
}

/** `swap: false` spares macOS the sysctl run where only available memory is wanted (the monitor, the load floor). */
export async function readMemory(system: MemorySystem = thisSystem, { swap = true } = {}): Promise<MemoryReading> {
  if (system.platform === 'darwin') return readMacMemory(system, swap)
  const meminfo = system.platform === 'linux' ? system.readProcFile('/proc/meminfo') : null
  const parsed = meminfo === null ? null : parseMeminfo(meminfo)
  if (parsed) return { ...parsed, approximate: false }
  // Windows' free memory is the real figure; elsewhere (no /proc, BSDs) it may leave cache out.
  return { ...fromOs(system), approximate: system.platform !== 'win32' }
}

/** Bytes available to a new program now: the figure the engine's load floor watches. */
export async function availableMemory(system: MemorySystem = thisSystem): Promise<number> {
  return (await readMemory(system, { swap: false })).availableBytes
}

/**
 * Memory for the once-a-second monitor. Linux and Windows read at once. On macOS a tick must not wait for two
 * processes to start (slowest when memory is short, just when the monitor matters): the first tick waits for
 * `vm_stat`, later ones get the last answer while the next is asked for in the background.
 */
export function memoryWatcher(system: MemorySystem = thisSystem): () => Promise<MemoryReading> {
  const read = (): Promise<MemoryReading> => readMemory(system, { swap: false })
  if (system.platform !== 'darwin') return read
  let latest: Promise<MemoryReading> | null = null
  let refreshing = false
  return () => {
    if (!latest) return (latest = read())
    if (!refreshing) {
      refreshing = true
      const next = read()
      void next.then(() => {
        latest = next
        refreshing = false
      })
    }
    return latest
  }
}

async function readMacMemory(system: MemorySystem, withSwap: boolean): Promise<MemoryReading> {
  const [vmStat, swapUsage] = await Promise.all([
    system.run('vm_stat', []).catch(() => null),
    withSwap ? system.run('sysctl', ['-n', 'vm.swapusage']).catch(() => null) : null
  ])
  const availableBytes = vmStat === null ? null : parseVmStat(vmStat)
  const swap = swapUsage === null ? null : parseSwapUsage(swapUsage)
  const fallback = fromOs(system)
  return {
    totalBytes: fallback.totalBytes,
    availableBytes: availableBytes ?? fallback.availableBytes,
    swapTotalBytes: swap?.totalBytes ?? null,
    swapFreeBytes: swap?.freeBytes ?? null,
    approximate: availableBytes === null
  }
}

function fromOs(system: MemorySystem): Ram {
  return { totalBytes: system.totalmem(), availableBytes: system.freemem(), swapTotalBytes: null, swapFreeBytes: null }
}

/** /proc/meminfo; null without MemTotal and MemAvailable (kernels before 3.14 lack the latter). */
export function parseMeminfo(text: string): Ram | null {
  const kib = (key: string): number | null => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)
    return match ? Number(match[1]) * 1024 : null
  }
  const [totalBytes, availableBytes] = [kib('MemTotal'), kib('MemAvailable')]
  if (totalBytes === null || availableBytes === null) return null
  return { totalBytes, availableBytes, swapTotalBytes: kib('SwapTotal'), swapFreeBytes: kib('SwapFree') }
}

/**
 * Available bytes from `vm_stat`: its header gives the page size (16384 on Apple silicon, 4096 on Intel).
 * "Pages free" already leaves speculative pages out, so they are added; file-backed pages are not, because
 * they are counted among the active and inactive ones.
 */
export function parseVmStat(text: string): number | null {
  const pageSize = /page size of (\d+) bytes/.exec(text)?.[1]
  const pages = (name: string): number | null => {
    const match = new RegExp(`^Pages ${name}:\\s+(\\d+)`, 'm').exec(text)
    return match ? Number(match[1]) : null
  }
  const counts = ['free', 'inactive', 'purgeable', 'speculative'].map(pages)
  if (pageSize === undefined || counts.some((count) => count === null)) return null
  return counts.reduce<number>((sum, count) => sum + (count ?? 0), 0) * Number(pageSize)
}

/** `sysctl -n vm.swapusage`: "total = 2048.00M  used = 1126.25M  free = 921.75M  (encrypted)". */
export function parseSwapUsage(text: string): { totalBytes: number; freeBytes: number } | null {
  const amount = (name: string): number | null => {
    const match = new RegExp(`${name} = ([\\d.]+)([KMGT])`).exec(text)
    return match ? Math.round(Number(match[1]) * 1024 ** ('KMGT'.indexOf(match[2]!) + 1)) : null
  }
  const [totalBytes, freeBytes] = [amount('total'), amount('free')]
  return totalBytes === null || freeBytes === null ? null : { totalBytes, freeBytes }
}

/** The text of a /proc file, or null where there is no /proc (macOS, Windows). */
export function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}
