import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../../src/backend/event-hub'
import { probeFast } from '../../../../src/backend/services/hardware/fast-probe'
import { HardwareService } from '../../../../src/backend/services/hardware/hardware-service'
import type { Gpu, HardwareProbe } from '../../../../src/shared/hardware'

const gpu: Gpu = {
  name: 'NVIDIA GeForce RTX 3060',
  names: ['NVIDIA GeForce RTX 3060'],
  vendor: 'nvidia',
  vramTotalBytes: 12e9,
  vramFreeBytes: 11e9,
  driver: '550.120',
  backend: 'cuda',
  unusableReason: null,
  unusableCode: null,
  unifiedMemory: false
}

/** A slow probe the test finishes by hand. */
function manualProbe(): { run: (modelsDir: string) => Promise<HardwareProbe>; finish: () => void; calls: () => number } {
  const pending: Array<() => void> = []
  let calls = 0
  return {
    run: async (modelsDir) => {
      calls++
      await new Promise<void>((resolve) => pending.push(resolve))
      const fast = await probeFast(modelsDir)
      return { ...fast, complete: true, gpus: [gpu], llamaCpp: { backend: 'cuda', availableBackends: ['cuda'], problem: null } }
    },
    finish: () => pending.splice(0).forEach((resolve) => resolve()),
    calls: () => calls
  }
}

async function setup(): Promise<{ service: HardwareService; hub: EventHub; slow: ReturnType<typeof manualProbe> }> {
  const dir = await mkdtemp(join(tmpdir(), 'exaone-hw-'))
  const hub = new EventHub()
  const slow = manualProbe()
  return { service: new HardwareService(join(dir, 'models'), hub, slow.run), hub, slow }
}

describe('hardware service', () => {
  it("starts the full probe's process only once the calls being answered are", async () => {
    const slow = manualProbe()
    let answered!: () => void
    const callsAnswered = new Promise<void>((resolve) => (answered = resolve))
    const service = new HardwareService(join(await mkdtemp(join(tmpdir(), 'exaone-hw-')), 'models'), new EventHub(), slow.run, () => callsAnswered)
    expect(await service.probe()).toMatchObject({ complete: false })
    await Promise.resolve()
    expect(slow.calls()).toBe(0)
    answered()
    await vi.waitFor(() => expect(slow.calls()).toBe(1))
  })

  it('answers at once from the fast sources, then announces the full probe', async () => {
    const { service, hub, slow } = await setup()
    const updated = vi.fn()
    hub.on('hardware:updated', updated)

    const first = await service.probe()
    expect(first).toMatchObject({ complete: false, gpus: [], llamaCpp: null })
    expect(first.ram.totalBytes).toBeGreaterThan(0)
    expect(updated).not.toHaveBeenCalled()

    slow.finish()
    await vi.waitFor(() => expect(updated).toHaveBeenCalledTimes(1))
    expect(updated.mock.calls[0]?.[0]).toMatchObject({ complete: true, gpus: [gpu] })
  })

  it('answers complete from the cache afterwards, and re-probes on refresh', async () => {
    const { service, slow } = await setup()
    await service.probe()
    slow.finish()
    const full = await service.complete()

    await expect(service.probe()).resolves.toBe(full)
    expect(slow.calls()).toBe(1)

    // A refresh answers fast again, keeping the GPUs found last time until the new probe is in.
    const refreshed = await service.probe(true)
    expect(refreshed).toMatchObject({ complete: false, gpus: [gpu] })
    expect(slow.calls()).toBe(2)
    slow.finish()
    await expect(service.complete()).resolves.toMatchObject({ complete: true })
  })

  it('runs one full probe however many ask at the same time', async () => {
    const { service, slow } = await setup()
    const waits = [service.complete(), service.complete(), service.probe().then(() => service.complete())]
    await vi.waitFor(() => expect(slow.calls()).toBe(1))
    slow.finish()
    await Promise.all(waits)
    expect(slow.calls()).toBe(1)
  })
})
