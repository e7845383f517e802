import { describe, expect, it } from 'vitest'
import { parseCpuFlags, parseCpuInfo } from '../../../../src/backend/services/hardware/fast-probe'
import { cpuPercent, parseProcStat } from '../../../../src/backend/services/monitor/cpu-load'
import { parseVmRss } from '../../../../src/backend/services/monitor/process-memory'
import { parseNvidiaSmiLine } from '../../../../src/backend/services/monitor/vram-sampler'

describe('reading what the OS and the tools print', () => {
  it('counts physical cores and instruction sets in /proc/cpuinfo', () => {
    const core = (id: number): string => `processor\t: ${id}\nphysical id\t: 0\ncore id\t\t: ${id % 4}\nflags\t\t: fpu sse2 avx avx2 avx512f\n\n`
    expect(parseCpuInfo([0, 1, 2, 3, 4, 5, 6, 7].map(core).join(''))).toEqual({
      physicalCores: 4,
      features: { avx: true, avx2: true, avx512: true, neon: false }
    })
  })

  it('knows every 64-bit Arm CPU has NEON and macOS calls AVX "AVX1.0"', () => {
    expect(parseCpuFlags('', 'arm64').neon).toBe(true)
    expect(parseCpuFlags('fpu vme AVX1.0 avx2', 'x64')).toEqual({ avx: true, avx2: true, avx512: false, neon: false })
  })

  it('computes CPU load from two /proc/stat readings', () => {
    const before = parseProcStat('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4')
    const after = parseProcStat('cpu  200 0 200 1000 0 0 0 0 0 0\ncpu0 1 2 3 4')
    expect(before).toEqual({ busy: 200, total: 1000 })
    expect(cpuPercent(before!, after!)).toBe(50)
    expect(parseProcStat('intr 1 2 3')).toBeNull()
  })

  it('reads resident memory from /proc/<pid>/status', () => {
    expect(parseVmRss('Name:\tnode\nVmRSS:\t  123456 kB\nRssAnon:\t1 kB\n')).toBe(123456 * 1024)
    expect(parseVmRss('Name:\tkthreadd\n')).toBeNull()
  })

  it('reads nvidia-smi CSV lines in MiB', () => {
    expect(parseNvidiaSmiLine('0, 1187, 12282')).toEqual({ index: 0, usedBytes: 1187 * 1024 * 1024, totalBytes: 12282 * 1024 * 1024 })
    expect(parseNvidiaSmiLine('0, [N/A], 12282')).toBeNull()
    expect(parseNvidiaSmiLine('')).toBeNull()
  })
})
