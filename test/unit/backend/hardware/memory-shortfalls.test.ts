import { describe, expect, it } from 'vitest'
import type { MonitorTick } from '../../../../src/shared/monitor'
import { memoryShortfalls } from '../../../../src/shared/monitor-plain'

const GB = 1e9

function tick(gpus: MonitorTick['gpus']): MonitorTick {
  return {
    seq: 0,
    at: 0,
    ram: { totalBytes: 16 * GB, usedBytes: 12 * GB, availableBytes: 4 * GB },
    cpuPercent: 0,
    app: { totalBytes: 0, processes: [] },
    gpus
  }
}

describe('warning when free memory is below what the model needs', () => {
  const rtx = { name: 'RTX 3060', usedBytes: 10 * GB, totalBytes: 12 * GB, unifiedMemory: false }

  it('is quiet when both fit', () => {
    expect(memoryShortfalls(tick([rtx]), { ramBytes: 1 * GB, vramBytes: 1.5 * GB })).toEqual([])
  })

  it('names RAM and VRAM separately', () => {
    expect(memoryShortfalls(tick([rtx]), { ramBytes: 5 * GB, vramBytes: 3 * GB })).toEqual([
      { kind: 'ram', requiredBytes: 5 * GB, freeBytes: 4 * GB },
      { kind: 'vram', requiredBytes: 3 * GB, freeBytes: 2 * GB }
    ])
  })

  it('adds both needs up on unified memory, where VRAM is system RAM', () => {
    const apple = { name: 'Apple M2', usedBytes: null, totalBytes: 10 * GB, unifiedMemory: true }
    expect(memoryShortfalls(tick([apple]), { ramBytes: 1 * GB, vramBytes: 3.5 * GB })).toEqual([{ kind: 'ram', requiredBytes: 4.5 * GB, freeBytes: 4 * GB }])
  })
})
