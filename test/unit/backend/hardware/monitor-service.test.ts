import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../../src/backend/event-hub'
import { MonitorService } from '../../../../src/backend/services/monitor/monitor-service'
import { ProcessRegistry } from '../../../../src/backend/services/monitor/process-memory'
import type { Reading, Sampler } from '../../../../src/backend/services/monitor/sampler'
import type { MonitorTick } from '../../../../src/shared/monitor'

const reading: Reading = {
  ram: { totalBytes: 16e9, usedBytes: 6e9, availableBytes: 10e9 },
  cpuPercent: 12,
  app: { totalBytes: 2e8, processes: [{ role: 'main', pid: 1, rssBytes: 2e8 }] },
  gpus: []
}

function fakeSampler(): { create: () => Sampler; samples: () => number; stops: () => number } {
  let samples = 0
  let stops = 0
  return {
    create: () => ({
      sample: () => {
        samples++
        return Promise.resolve(reading)
      },
      stop: () => {
        stops++
      }
    }),
    samples: () => samples,
    stops: () => stops
  }
}

describe('memory monitor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-07-01T00:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setup(): { hub: EventHub; monitor: MonitorService; sampler: ReturnType<typeof fakeSampler> } {
    const hub = new EventHub()
    const sampler = fakeSampler()
    const monitor = new MonitorService(hub, { latest: () => null }, { createSampler: sampler.create })
    return { hub, monitor, sampler }
  }

  it('samples nothing until someone listens', async () => {
    const { sampler } = setup()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sampler.samples()).toBe(0)
  })

  it('ticks as soon as someone listens, then once a second, numbered and timed', async () => {
    const { hub, sampler } = setup()
    const ticks: MonitorTick[] = []
    hub.on('monitor:tick', (tick) => ticks.push(tick))
    await vi.advanceTimersByTimeAsync(0)
    expect(ticks.map((tick) => tick.seq)).toEqual([0])
    await vi.advanceTimersByTimeAsync(3_000)
    expect(sampler.samples()).toBe(4)
    expect(ticks.map((tick) => tick.seq)).toEqual([0, 1, 2, 3])
    expect(ticks[1]!.at - ticks[0]!.at).toBe(1_000)
    expect(ticks[0]).toMatchObject(reading)
  })

  it('stops sampling after the last listener leaves, and starts again with the next', async () => {
    const { hub, sampler } = setup()
    const first = hub.on('monitor:tick', () => undefined)
    const second = hub.on('monitor:tick', () => undefined)
    await vi.advanceTimersByTimeAsync(2_000)
    first()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(sampler.samples()).toBe(5)

    second()
    expect(sampler.stops()).toBe(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sampler.samples()).toBe(5)

    hub.on('monitor:tick', () => undefined)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(sampler.samples()).toBe(7)
  })

  it('drops a sample that finishes after the last listener left', async () => {
    const hub = new EventHub()
    let finish: (value: Reading) => void = () => undefined
    const monitor = new MonitorService(hub, { latest: () => null }, {
      createSampler: () => ({ sample: () => new Promise<Reading>((resolve) => (finish = resolve)), stop: () => undefined })
    })
    const listener = vi.fn()
    const stop = hub.on('monitor:tick', listener)
    await vi.advanceTimersByTimeAsync(1_000)
    stop()
    finish(reading)
    await vi.advanceTimersByTimeAsync(0)
    expect(listener).not.toHaveBeenCalled()
    expect(monitor.history().ticks).toEqual([])
  })

  it('keeps the last five minutes for a page opened later', async () => {
    const { hub, monitor } = setup()
    const stop = hub.on('monitor:tick', () => undefined)
    await vi.advanceTimersByTimeAsync(7 * 60_000)
    stop()
    const history = monitor.history()
    expect(history).toMatchObject({ intervalMs: 1_000, windowMs: 300_000 })
    expect(history.ticks).toHaveLength(300)
    expect(history.ticks.at(-1)!.at - history.ticks[0]!.at).toBe(299_000)

    // History does not start sampling, and ages while nobody listens.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(monitor.history().ticks).toHaveLength(240)
  })
})

describe('process registry', () => {
  it('counts this process as main and a registered pid until it goes away', () => {
    const registry = new ProcessRegistry()
    const unregister = registry.register('inference', process.pid)
    const app = registry.read()
    expect(app.processes.map((entry) => entry.role)).toEqual(['main', 'inference'])
    expect(app.processes[0]!.rssBytes).toBeGreaterThan(10e6)
    if (process.platform === 'linux') expect(app.processes[1]!.rssBytes).toBeGreaterThan(10e6)
    unregister()
    expect(registry.read().processes).toHaveLength(1)

    // A pid that does not exist any more is forgotten (Linux can tell).
    registry.register('renderer', 2 ** 22 + 12345)
    const gone = registry.read()
    expect(gone.processes.map((entry) => entry.role)).toEqual(process.platform === 'linux' ? ['main'] : ['main', 'renderer'])
  })
})
