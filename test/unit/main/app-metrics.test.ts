import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appProcessesFromMetrics, inferenceServiceName, type AppMetric } from '../../../src/main/app-metrics'
import { ProcessRegistry } from '../../../src/backend/services/monitor/process-memory'
import { MonitorTick } from '../../../src/shared/monitor'

/**
 * app.getAppMetrics() on Linux while a model is loaded, written by hand in Electron 41's documented shape (no
 * Electron binary here to record one); the Electron spec attaches a real run's output to replace it with.
 */
const metrics = JSON.parse(readFileSync('test/fixtures/electron/app-metrics.json', 'utf8')) as AppMetric[]

describe("the app's processes from app.getAppMetrics() (Electron objects faked)", () => {
  it('names each process by its role and turns kilobytes into bytes, main first', () => {
    expect(appProcessesFromMetrics(metrics)).toEqual([
      { role: 'main', pid: 48211, rssBytes: 142336 * 1024 },
      { role: 'inference', pid: 48312, rssBytes: 1335296 * 1024 },
      { role: 'renderer', pid: 48290, rssBytes: 187392 * 1024 },
      { role: 'gpu', pid: 48262, rssBytes: 98304 * 1024 },
      { role: 'other', pid: 48240, rssBytes: 50176 * 1024 },
      { role: 'other', pid: 48241, rssBytes: 12800 * 1024 },
      { role: 'other', pid: 48267, rssBytes: 61440 * 1024 },
      { role: 'other', pid: 48330, rssBytes: 73728 * 1024 }
    ])
    expect(metrics.find((metric) => metric.pid === 48312)?.name).toBe(inferenceServiceName)
  })

  it("becomes the monitor's figures for every process, on any OS, in the contract's shape", () => {
    const registry = new ProcessRegistry(() => appProcessesFromMetrics(metrics))
    // Registered pids are for plain Node; with Electron's figures they add nothing.
    registry.register('inference', process.pid)
    const app = registry.read()
    expect(app.processes).toHaveLength(metrics.length)
    expect(app.totalBytes).toBe(metrics.reduce((sum, metric) => sum + metric.memory.workingSetSize * 1024, 0))
    expect(MonitorTick.shape.app.safeParse(app).success).toBe(true)
  })
})
