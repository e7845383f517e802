import { readFileSync } from 'node:fs'
import type { MonitorTick, ProcessRole } from '../../../shared/monitor'

type AppMemory = MonitorTick['app']
export type AppProcesses = AppMemory['processes']

/**
 * This app's processes and how much memory each holds. In Electron, main supplies every process with its
 * figures (`appProcesses`, from app.getAppMetrics), on every OS. Elsewhere main is this process, the inference
 * worker and the renderer are registered by whoever starts them, and their RSS comes from /proc/<pid>/status
 * on Linux (null on other systems).
 */
export class ProcessRegistry {
  private readonly pids = new Map<Exclude<ProcessRole, 'main'>, number>()

  constructor(private readonly appProcesses?: () => AppProcesses) {}

  register(role: Exclude<ProcessRole, 'main'>, pid: number): () => void {
    this.pids.set(role, pid)
    return () => {
      if (this.pids.get(role) === pid) this.pids.delete(role)
    }
  }

  read(): AppMemory {
    const processes = this.appProcesses?.() ?? this.readRegistered()
    return { totalBytes: processes.reduce((sum, entry) => sum + (entry.rssBytes ?? 0), 0), processes }
  }

  private readRegistered(): AppProcesses {
    const others = [...this.pids].map(([role, pid]) => {
      const rss = readRss(pid)
      // A process that is gone is no longer part of the app.
      if (rss === 'gone') {
        this.pids.delete(role)
        return null
      }
      return { role, pid, rssBytes: rss }
    })
    return [{ role: 'main', pid: process.pid, rssBytes: process.memoryUsage.rss() }, ...others.filter((entry) => entry !== null)]
  }
}

/** "VmRSS:   123456 kB" from /proc/<pid>/status. */
export function parseVmRss(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  return match ? Number(match[1]) * 1024 : null
}

/** Read synchronously, like /proc/meminfo (see readRam): it is generated in memory and takes microseconds. */
function readRss(pid: number): number | null | 'gone' {
  if (process.platform !== 'linux') return null
  try {
    return parseVmRss(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null
  }
}
