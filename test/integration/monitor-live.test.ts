/** The monitor with its real sampler: real /proc reads, a fast interval, and nothing left running after. */
import { describe, expect, it } from 'vitest'
import { EventHub } from '../../src/backend/event-hub'
import { MonitorService } from '../../src/backend/services/monitor/monitor-service'
import { createSystemSampler } from '../../src/backend/services/monitor/sampler'
import { MonitorTick } from '../../src/shared/monitor'

describe('live monitor on this machine', () => {
  it('ticks with real figures and stops when the last listener leaves', async () => {
    const hub = new EventHub()
    let samples = 0
    const monitor = new MonitorService(hub, { latest: () => null }, {
      intervalMs: 50,
      createSampler: (processes, intervalMs) => {
        const real = createSystemSampler(processes, intervalMs)
        return { sample: (gpus) => (samples++, real.sample(gpus)), stop: () => real.stop() }
      }
    })
    const ticks: MonitorTick[] = []
    const stop = hub.on('monitor:tick', (tick) => ticks.push(tick))
    await new Promise((resolve) => setTimeout(resolve, 400))
    stop()
    const sampledWhileListening = samples
    await new Promise((resolve) => setTimeout(resolve, 300))

    expect(ticks.length).toBeGreaterThanOrEqual(4)
    for (const tick of ticks) expect(MonitorTick.safeParse(tick).success).toBe(true)
    const last = ticks.at(-1)!
    expect(last.ram.usedBytes + last.ram.availableBytes).toBe(last.ram.totalBytes)
    expect(last.app.processes[0]).toMatchObject({ role: 'main', pid: process.pid })
    expect(last.app.totalBytes).toBeGreaterThan(10e6)
    expect(last.gpus).toEqual([])
    expect(samples).toBe(sampledWhileListening)
    expect(monitor.history().ticks).toEqual(ticks)
  })
})
