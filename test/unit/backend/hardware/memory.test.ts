import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { availableMemory, memoryWatcher, parseMeminfo, parseSwapUsage, parseVmStat, readMemory, type MemorySystem } from '../../../../src/backend/services/hardware/memory'

const recorded = (name: string): string => readFileSync(new URL(`../../../fixtures/memory/${name}`, import.meta.url), 'utf8')
const kib = 1024
const mib = 1024 * 1024
const macTotal = Number(recorded('macos-sysctl-hw.memsize.txt'))

/**
 * Another platform as its tools answered on a real machine: the recorded files are what /proc holds and what
 * `vm_stat` and `sysctl` print. Only the OS can't be had here, so only it is stood in for.
 */
function machine(platform: NodeJS.Platform, answers: { files?: Record<string, string>; tools?: Record<string, () => Promise<string>>; totalmem?: number; freemem?: number }): MemorySystem & { ran: string[] } {
  const ran: string[] = []
  return {
    platform,
    ran,
    readProcFile: (path) => answers.files?.[path] ?? null,
    run: (command, args) => {
      const line = [command, ...args].join(' ')
      ran.push(line)
      return answers.tools?.[line]?.() ?? Promise.reject(new Error(`spawn ${command} ENOENT`))
    },
    totalmem: () => answers.totalmem ?? 8e9,
    freemem: () => answers.freemem ?? 1e9
  }
}

const macTools = (vmStat: string): Record<string, () => Promise<string>> => ({
  vm_stat: () => Promise.resolve(vmStat),
  'sysctl -n vm.swapusage': () => Promise.resolve(recorded('macos-sysctl-vm.swapusage.txt'))
})

describe('available memory, one way for the probes, the monitor and the load floor', () => {
  it('Linux (recorded /proc/meminfo): MemAvailable, which counts reclaimable cache, and swap', async () => {
    const linux = machine('linux', { files: { '/proc/meminfo': recorded('linux-proc-meminfo.txt') } })
    expect(await readMemory(linux)).toEqual({
      totalBytes: 32586504 * kib,
      availableBytes: 19627916 * kib,
      swapTotalBytes: 2097148 * kib,
      swapFreeBytes: 1784316 * kib,
      approximate: false
    })
    expect(linux.ran).toEqual([])
  })

  it.runIf(process.platform === 'linux')('Linux (this machine): reads the real /proc/meminfo', async () => {
    const real = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))
    const reading = await readMemory()
    expect(reading).toMatchObject({ totalBytes: real?.totalBytes, swapTotalBytes: real?.swapTotalBytes, approximate: false })
    // Available memory moves while other tests run.
    expect(Math.abs(reading.availableBytes - (await availableMemory()))).toBeLessThan(0.1 * reading.totalBytes)
  })

  it('Linux without MemAvailable (kernels before 3.14): os.freemem(), marked approximate', async () => {
    const old = machine('linux', { files: { '/proc/meminfo': 'MemTotal:  8000000 kB\nMemFree:  1000 kB\n' }, totalmem: 8e9, freemem: 2e9 })
    expect(await readMemory(old)).toEqual({ totalBytes: 8e9, availableBytes: 2e9, swapTotalBytes: null, swapFreeBytes: null, approximate: true })
  })

  it('macOS on Apple silicon (recorded vm_stat, 16 KiB pages): free + inactive + purgeable + speculative, as Activity Monitor counts', async () => {
    const mac = machine('darwin', { tools: macTools(recorded('macos-arm64-vm_stat.txt')), totalmem: macTotal, freemem: 12345 * 16384 })
    expect(await readMemory(mac)).toEqual({
      totalBytes: 16 * 1024 * mib,
      availableBytes: (12345 + 340000 + 20000 + 5000) * 16384,
      swapTotalBytes: 2048 * mib,
      swapFreeBytes: 921.75 * mib,
      approximate: false
    })
    expect(mac.ran.sort()).toEqual(['sysctl -n vm.swapusage', 'vm_stat'])
  })

  it("macOS (recorded vm_stat): the engine's load floor gets the same figure, without asking for swap", async () => {
    const mac = machine('darwin', { tools: macTools(recorded('macos-arm64-vm_stat.txt')), totalmem: macTotal, freemem: 12345 * 16384 })
    expect(await availableMemory(mac)).toBe((12345 + 340000 + 20000 + 5000) * 16384)
    expect(mac.ran).toEqual(['vm_stat'])
  })

  it('macOS on Intel (recorded vm_stat, 4 KiB pages): the page size comes from the header, file-backed pages are not added', () => {
    expect(parseVmStat(recorded('macos-x64-vm_stat.txt'))).toBe((41211 + 1201533 + 61004 + 12871) * 4096)
    expect(parseVmStat('Pages free: 5.\n')).toBeNull()
    // The recorded files as a Windows checkout may write them (autocrlf).
    expect(parseVmStat(recorded('macos-x64-vm_stat.txt').replaceAll('\n', '\r\n'))).toBe(parseVmStat(recorded('macos-x64-vm_stat.txt')))
  })

  it('macOS without vm_stat (it failed or timed out): os.freemem(), marked approximate, swap still from sysctl', async () => {
    const tools = { ...macTools(''), vm_stat: () => Promise.reject(new Error('timed out')) }
    expect(await readMemory(machine('darwin', { tools, totalmem: macTotal, freemem: 3e8 }))).toEqual({
      totalBytes: macTotal,
      availableBytes: 3e8,
      swapTotalBytes: 2048 * mib,
      swapFreeBytes: 921.75 * mib,
      approximate: true
    })
  })

  it('macOS swap (recorded sysctl vm.swapusage), none configured, and unreadable', () => {
    expect(parseSwapUsage(recorded('macos-sysctl-vm.swapusage.txt'))).toEqual({ totalBytes: 2048 * mib, freeBytes: 921.75 * mib })
    expect(parseSwapUsage('vm.swapusage: total = 0.00M  used = 0.00M  free = 0.00M  \n')).toEqual({ totalBytes: 0, freeBytes: 0 })
    expect(parseSwapUsage('')).toBeNull()
  })

  it('Windows (os.freemem is GlobalMemoryStatusEx ullAvailPhys): exact, no process run, swap left to the full probe', async () => {
    const windows = machine('win32', { totalmem: 34e9, freemem: 21e9 })
    expect(await readMemory(windows)).toEqual({ totalBytes: 34e9, availableBytes: 21e9, swapTotalBytes: null, swapFreeBytes: null, approximate: false })
    expect(await availableMemory(windows)).toBe(21e9)
    expect(windows.ran).toEqual([])
  })
})

describe('memory for the once-a-second monitor', () => {
  it('Linux: every tick reads /proc/meminfo afresh', async () => {
    const files = { '/proc/meminfo': 'MemTotal: 8000000 kB\nMemAvailable: 4000000 kB\n' }
    const read = memoryWatcher(machine('linux', { files }))
    expect((await read()).availableBytes).toBe(4000000 * kib)
    files['/proc/meminfo'] = 'MemTotal: 8000000 kB\nMemAvailable: 3000000 kB\n'
    expect((await read()).availableBytes).toBe(3000000 * kib)
  })

  it('macOS (recorded vm_stat): a tick never waits for vm_stat after the first; it gets the last answer while the next is asked for', async () => {
    const answers: Array<(text: string) => void> = []
    const mac = machine('darwin', { tools: { ...macTools(''), vm_stat: () => new Promise((resolve) => answers.push(resolve)) }, totalmem: macTotal })
    const read = memoryWatcher(mac)
    const arm64 = recorded('macos-arm64-vm_stat.txt')
    const first = read()
    answers[0]!(arm64)
    expect((await first).availableBytes).toBe(parseVmStat(arm64))

    // The second tick answers at once with the first reading, while vm_stat runs again.
    expect((await read()).availableBytes).toBe(parseVmStat(arm64))
    expect(answers).toHaveLength(2)
    // No second refresh piles up while one is running.
    await read()
    expect(answers).toHaveLength(2)

    const freer = arm64.replace('Pages free:                               12345.', 'Pages free:                              112345.')
    answers[1]!(freer)
    // Once the answer's promise callbacks have run (they all do before the next macrotask), ticks see it.
    await new Promise((resolve) => setImmediate(resolve))
    expect((await read()).availableBytes).toBe(parseVmStat(freer))
    expect(answers).toHaveLength(3)
    // The monitor shows no swap: sysctl is not run every second.
    expect(new Set(mac.ran)).toEqual(new Set(['vm_stat']))
  })
})
