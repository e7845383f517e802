/** The monitor with its real sampler: real /proc reads, a fast interval, and nothing left running after. */
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { EventHub } from '../../src/backend/event-hub'
import { MonitorService } from '../../src/backend/services/monitor/monitor-service'
import { createSystemSampler } from '../../src/backend/services/monitor/sampler'
import { MonitorTick } from '../../src/shared/monitor'

describe('live monitor on this machine', () => {
  it('ticks with real figures and stops when the last listener leaves', async () => {
    const hub = new EventHub()
    let samplers = 0
    let samplersStopped = 0
    const inFlight = new Set<Promise<unknown>>()
    const monitor = new MonitorService(hub, { latest: () => null }, {
      intervalMs: 50,
      createSampler: (processes, intervalMs) => {
        const real = createSystemSampler(processes, intervalMs)
        samplers++
        return {
          sample: (gpus) => {
            const reading = real.sample(gpus)
            inFlight.add(reading)
            void reading.finally(() => inFlight.delete(reading))
            return reading
          },
          stop: () => (samplersStopped++, real.stop())
        }
      }
    })
    const ticks: MonitorTick[] = []
    const fourTicks = new Promise<void>((resolve) => {
      const stop = hub.on('monitor:tick', (tick) => {
        ticks.push(tick)
        if (ticks.length === 4) {
          stop()
          resolve()
        }
      })
    })
    await fourTicks

    // The last listener leaving stops the sampler at once; a reading still in flight is never emitted.
    expect(samplersStopped).toBe(samplers)
    await Promise.allSettled([...inFlight])
    expect(ticks).toHaveLength(4)
    expect(monitor.history().ticks).toEqual(ticks)

    for (const tick of ticks) expect(MonitorTick.safeParse(tick).success).toBe(true)
    expect(ticks.map((tick) => tick.seq)).toEqual([0, 1, 2, 3])
    const last = ticks.at(-1)!
    expect(last.ram.usedBytes + last.ram.availableBytes).toBe(last.ram.totalBytes)
    expect(last.app.processes[0]).toMatchObject({ role: 'main', pid: process.pid })
    expect(last.app.totalBytes).toBeGreaterThan(10e6)
    expect(last.gpus).toEqual([])

    // A new listener starts a new sampler, which ticks on from where the first left off.
    const next = new Promise<MonitorTick>((resolve) => {
      const stop = hub.on('monitor:tick', (tick) => (stop(), resolve(tick)))
    })
    expect((await next).seq).toBe(4)
    expect(samplers).toBe(2)
    expect(samplersStopped).toBe(2)
  })

  it("measures the first tick's CPU load since the last reading, not since sampling started a moment before", async () => {
    const registry = { read: () => ({ totalBytes: 0, processes: [] }) } as never
    const earlier = createSystemSampler(registry, 1000)
    await earlier.sample([])
    earlier.stop()
    // This process keeps a core busy for 200 ms (20 of the OS's ticks), then a new sampler takes its first reading.
    for (const until = performance.now() + 200; performance.now() < until; );
    const sampler = createSystemSampler(registry, 1000)
    const first = await sampler.sample([])
    sampler.stop()
    expect(first.cpuPercent).toBeGreaterThan(100 / os.availableParallelism() / 4)
  })
})
