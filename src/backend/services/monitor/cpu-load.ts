import os from 'node:os'
import { readProcFile } from '../hardware/fast-probe'

/** Cumulative CPU time of all cores since boot, in the OS's ticks; only differences between two mean anything. */
export interface CpuTimes {
  busy: number
  total: number
}

/** The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal guest guest_nice". */
export function parseProcStat(text: string): CpuTimes | null {
  const fields = /^cpu\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number)
  if (!fields || fields.length < 4 || fields.some(Number.isNaN)) return null
  // guest time is already counted in user time, so only the first eight fields add up to the total.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}

/** One file read on Linux; os.cpus() elsewhere (it also reads clock speeds, so it costs more). */
export function readCpuTimes(): CpuTimes {
  const stat = readProcFile('/proc/stat')
  const parsed = stat ? parseProcStat(stat) : null
  if (parsed) return parsed
  let busy = 0
  let total = 0
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle
    busy += all - times.idle
    total += all
  }
  return { busy, total }
}

/** Share of all cores that were busy between two readings, 0 to 100. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / total) * 100))
}
