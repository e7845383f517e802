/**
 * The app's processes for the memory monitor, from Electron's app.getAppMetrics(): a plain function over its
 * result so that it is tested without Electron (test/fixtures/electron/app-metrics.json).
 */
import type { ProcessMetric } from 'electron'
import type { AppProcesses } from '../backend/services/monitor/process-memory'
import type { ProcessRole } from '../shared/monitor'

/** The inference worker's utilityProcess serviceName: Electron reports it as the process's `name`. */
export const inferenceServiceName = 'EXAONE inference'
export const hardwareProbeServiceName = 'EXAONE hardware check'

export type AppMetric = Pick<ProcessMetric, 'pid' | 'type' | 'name' | 'memory'>

function roleOf(metric: AppMetric): ProcessRole {
  switch (metric.type) {
    case 'Browser':
      return 'main'
    case 'Tab':
      return 'renderer'
    case 'GPU':
      return 'gpu'
    case 'Utility':
      return metric.name === inferenceServiceName ? 'inference' : 'other'
    default:
      return 'other'
  }
}

const order: ProcessRole[] = ['main', 'inference', 'renderer', 'gpu', 'other']

/** Every process with its working set (Electron gives kilobytes), main first, then by role. */
export function appProcessesFromMetrics(metrics: readonly AppMetric[]): AppProcesses {
  return metrics
    .map((metric) => ({ role: roleOf(metric), pid: metric.pid, rssBytes: metric.memory.workingSetSize * 1024 }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
}
