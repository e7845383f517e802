import { describe, expect, it } from 'vitest'
import { completeProbe } from '../../../../src/backend/services/hardware/full-probe'
import type { LlamaReport, SystemInfo } from '../../../../src/backend/services/hardware/probe-child'
import type { HardwareProbe } from '../../../../src/shared/hardware'

// What the fast probe answers on a Mac: no /proc, so no physical core count or instruction sets; memory from
// vm_stat and sysctl (memory.ts).
const fastOnMac: HardwareProbe = {
  probedAt: '2025-07-01T00:00:00.000Z',
  complete: false,
  os: { platform: 'darwin', release: '24.5.0', arch: 'arm64' },
  cpu: { brand: 'Apple M2 Pro', cores: 12, threads: 12, features: null },
  ram: { totalBytes: 34_359_738_368, availableBytes: 12_000_000_000, swapTotalBytes: 2_147_483_648, swapFreeBytes: 1_000_000_000 },
  gpus: [],
  llamaCpp: null,
  disk: { path: '/Users/me/models', totalBytes: 1e12, freeBytes: 4e11 }
}

const system: SystemInfo = {
  cpu: { manufacturer: 'Apple', brand: 'M2 Pro', physicalCores: 12, cores: 12 },
  cpuFlags: '',
  mem: { total: 34_359_738_368, available: 15_000_000_000, swaptotal: 1_073_741_824, swapfree: 700_000_000 },
  graphics: [{ vendor: 'Apple', model: 'Apple M2 Pro', bus: 'Built-In', vramDynamic: true, vram: null }]
}

const llama: LlamaReport = {
  supportedGpuTypes: ['metal'],
  gpu: 'metal',
  deviceNames: ['Apple M2 Pro'],
  vram: { total: 22_906_503_168, used: 0, free: 22_906_503_168, unifiedSize: 22_906_503_168 },
  swap: { maxSize: null, allocated: 1_073_741_824, used: 373_741_824 },
  warnings: [],
  error: null
}

describe('completing the fast answer with the slow sources', () => {
  it('fills in what only the libraries know, where /proc is missing', () => {
    const full = completeProbe(fastOnMac, system, llama)
    expect(full.complete).toBe(true)
    expect(full.cpu).toEqual({ brand: 'Apple M2 Pro', cores: 12, threads: 12, features: { avx: false, avx2: false, avx512: false, neon: true } })
    // vm_stat's figure, as Activity Monitor counts it, wins over systeminformation's.
    expect(full.ram).toEqual(fastOnMac.ram)
    expect(full.gpus).toEqual([expect.objectContaining({ name: 'Apple M2 Pro', backend: 'metal', unifiedMemory: true })])
    expect(full.llamaCpp).toEqual({ backend: 'metal', availableBackends: ['metal'], problem: null })
    expect(full.disk).toBe(fastOnMac.disk)
  })

  it('macOS (vm_stat failed): takes available memory from systeminformation rather than os.freemem()', () => {
    const guessed = { ...fastOnMac, ram: { ...fastOnMac.ram, availableBytes: 3_000_000_000 } }
    expect(completeProbe(guessed, system, llama, true).ram).toEqual({ ...fastOnMac.ram, availableBytes: 15_000_000_000 })
  })

  it('Windows: keeps os.freemem() (ullAvailPhys) and fills in the page file from systeminformation', () => {
    const fastOnWindows: HardwareProbe = {
      ...fastOnMac,
      os: { platform: 'win32', release: '10.0.26100', arch: 'x64' },
      ram: { totalBytes: 34_359_738_368, availableBytes: 20_000_000_000, swapTotalBytes: null, swapFreeBytes: null }
    }
    expect(completeProbe(fastOnWindows, system, llama).ram).toEqual({
      totalBytes: 34_359_738_368,
      availableBytes: 20_000_000_000,
      swapTotalBytes: 1_073_741_824,
      swapFreeBytes: 700_000_000
    })
  })

  it('keeps what /proc said on Linux and reports a llama.cpp that did not start', () => {
    const fastOnLinux: HardwareProbe = {
      ...fastOnMac,
      os: { platform: 'linux', release: '6.8.0', arch: 'x64' },
      cpu: { brand: 'AMD Ryzen 7 7700', cores: 8, threads: 16, features: { avx: true, avx2: true, avx512: true, neon: false } },
      ram: { totalBytes: 32e9, availableBytes: 20e9, swapTotalBytes: 2e9, swapFreeBytes: 2e9 }
    }
    const full = completeProbe(fastOnLinux, { cpu: null, cpuFlags: null, mem: null, graphics: null }, { ...llama, supportedGpuTypes: [], gpu: null, deviceNames: [], vram: null, error: 'NoBinaryFoundError' })
    expect(full.cpu).toEqual(fastOnLinux.cpu)
    expect(full.ram).toEqual(fastOnLinux.ram)
    expect(full.gpus).toEqual([])
    expect(full.llamaCpp).toEqual({ backend: null, availableBackends: [], problem: 'NoBinaryFoundError' })
  })
})
