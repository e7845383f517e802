import { readFileSync } from 'node:fs'
import type { MonitorTick, ProcessRole } from '../../../shared/monitor'

type AppMemory = MonitorTick['app']

/**
 * This app's processes and how much memory each holds. Main is always this process; the inference worker
 * and the renderer are registered by whoever starts them. RSS comes from /proc/<pid>/status on Linux; other
 * systems report null for other processes until an adapter (Electron's app.getAppMetrics) supplies them.
 */
export class ProcessRegistry {
  private readonly pids = new Map<Exclude<ProcessRole, 'main'>, number>()

  register(role: Exclude<ProcessRole, 'main'>, pid: number): () => void {
    this.pids.set(role, pid)
    return () => {
      if (this.pids.get(role) === pid) this.pids.delete(role)
    }
  }

  read(): AppMemory {
    const others = [...this.pids].map(([role, pid]) => {
      const rss = readRss(pid)
      // A process that is gone is no longer part of the app.
      if (rss === 'gone') {
        this.pids.delete(role)
        return null
      }
      return { role, pid, rssBytes: rss }
    })
    const processes: AppMemory['processes'] = [
      { role: 'main', pid: process.pid, rssBytes: process.memoryUsage.rss() },
      ...others.filter((entry) => entry !== null)
    ]
    return { totalBytes: processes.reduce((sum, entry) => sum + (entry.rssBytes ?? 0), 0), processes }
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
