/** The real probe on this machine, checked against what the kernel says directly. */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { locateEntry } from '../../src/backend/entry-path'
import { EventHub } from '../../src/backend/event-hub'
import { HardwareService } from '../../src/backend/services/hardware/hardware-service'
import { spawnNodeWorker } from '../../src/backend/inference/spawn-node'
import { runProbeChild, spawnProbeChild, type ProbeChildHandle } from '../../src/backend/services/hardware/probe-child'
import { HardwareProbe } from '../../src/shared/hardware'

const linux = process.platform === 'linux'
const meminfo = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024
// No NVIDIA device node and no DRM render node: this machine has no GPU any backend could use.
const noGpu = linux && !existsSync('/dev/nvidia0') && !(existsSync('/dev/dri') && readdirSync('/dev/dri').some((name) => name.startsWith('renderD')))

describe('the real hardware probe', () => {
  let service: HardwareService
  let fast: HardwareProbe
  let full: HardwareProbe
  let fullWhenFastArrived: HardwareProbe | null

  beforeAll(async () => {
    const home = await mkdtemp(join(tmpdir(), 'exaone-probe-'))
    service = new HardwareService(join(home, 'models'), new EventHub())
    fast = await service.probe()
    fullWhenFastArrived = service.latest()
    full = await service.complete()
  })

  // How soon the fast answer comes is measured by `npm run bench -- --only 'hardware probe'`, not asserted here.
  it('answers first from the fast sources, before the full probe and incomplete', () => {
    expect(fullWhenFastArrived).toBeNull()
    expect(fast.complete).toBe(false)
    expect(fast.llamaCpp).toBeNull()
    expect(fast.cpu.threads).toBe(full.cpu.threads)
    expect(fast.ram.totalBytes).toBe(full.ram.totalBytes)
  })

  it('matches the contract when complete', () => {
    expect(full.complete).toBe(true)
    expect(HardwareProbe.safeParse(full).success).toBe(true)
  })

  it('counts the CPUs os.cpus() sees', () => {
    expect(full.cpu.threads).toBe(os.availableParallelism())
    expect(full.cpu.threads).toBeLessThanOrEqual(os.cpus().length)
    expect(full.cpu.cores).toBeGreaterThan(0)
    expect(full.cpu.cores).toBeLessThanOrEqual(full.cpu.threads)
    expect(full.cpu.brand).toBe(os.cpus()[0]?.model.trim())
  })

  it.runIf(linux)('reads memory as /proc/meminfo has it', () => {
    expect(full.ram.totalBytes).toBe(meminfo('MemTotal'))
    expect(full.ram.swapTotalBytes).toBe(meminfo('SwapTotal'))
    // Available memory moves while tests run beside this one.
    expect(Math.abs(full.ram.availableBytes - meminfo('MemAvailable'))).toBeLessThan(0.1 * full.ram.totalBytes)
  })

  it.runIf(linux && process.arch === 'x64')('reads the instruction sets /proc/cpuinfo lists', () => {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? []
    expect(full.cpu.features).toEqual({ avx: flags.includes('avx'), avx2: flags.includes('avx2'), avx512: flags.some((flag) => flag.startsWith('avx512')), neon: false })
  })

  it('knows the free space of the models folder volume', () => {
    expect(full.disk?.path).toMatch(/models$/)
    expect(full.disk!.freeBytes).toBeGreaterThan(0)
    expect(full.disk!.freeBytes).toBeLessThanOrEqual(full.disk!.totalBytes)
  })

  it('asked node-llama-cpp, which started', () => {
    expect(full.llamaCpp?.problem).toBeNull()
  })

  it.runIf(noGpu)('says honestly that there is no GPU here', () => {
    expect(full.gpus).toEqual([])
    expect(full.llamaCpp).toMatchObject({ backend: null })
  })

  it('answers complete from the cache afterwards', async () => {
    await expect(service.probe()).resolves.toBe(full)
  })
})

describe('the probe child process', () => {
  it('runs probe-child-entry.ts in the process the given spawn starts (Electron passes utilityProcess.fork)', async () => {
    const spawned: ProbeChildHandle[] = []
    const report = await runProbeChild({
      spawn: () => {
        const child = spawnProbeChild()
        spawned.push(child)
        return child
      }
    })
    expect(spawned).toHaveLength(1)
    expect(report.llama.error).toBeNull()
    expect(report.system.cpu?.cores).toBeGreaterThan(0)
  })

  it('says why when the child ends without an answer, with the last line it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exaone-probe-child-'))
    const script = join(dir, 'broken-probe.mjs')
    await writeFile(script, "process.stderr.write('Error: libvulkan.so.1: cannot open shared object file\\n'); process.exit(3)\n")
    const report = await runProbeChild({ spawn: () => spawnNodeWorker({ path: script, execArgv: [] }) })
    expect(report.llama.error).toBe('The hardware check ended without an answer (exit code 3). Error: libvulkan.so.1: cannot open shared object file')
    expect(report.system).toEqual({ cpu: null, cpuFlags: null, mem: null, graphics: null })
  })

  it('says why when the child cannot start', async () => {
    const report = await runProbeChild({
      spawn: () => {
        throw new Error('hardware-probe.js is not built')
      }
    })
    expect(report.llama.error).toBe('Could not start the hardware check: hardware-probe.js is not built')
  })

  it('ends the child when the backend closes (its signal aborts) instead of finishing the probe', async () => {
    const closing = new AbortController()
    let exited: Promise<unknown> = Promise.resolve()
    const report = runProbeChild({
      signal: closing.signal,
      spawn: () => {
        const child = spawnProbeChild()
        exited = new Promise((resolve) => child.onExit(resolve))
        return child
      }
    })
    closing.abort()
    expect((await report).llama.error).toBe('The hardware check was stopped: the app is closing.')
    await expect(exited).resolves.toMatchObject({ signal: 'SIGKILL' })
  })

  it('ends by itself when the process that forked it goes (its IPC channel closes)', async () => {
    // A harness or CLI that exits closes the channel. Without the check the child would finish the probe, fail to send
    // its answer and exit with 1.
    const entry = locateEntry(pathToFileURL(join(process.cwd(), 'src/backend/services/hardware/probe-child.ts')).href, './probe-child-entry.ts', 'hardware-probe.js')
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
    const messages: unknown[] = []
    child.on('message', (message) => messages.push(message))
    await once(child, 'spawn')
    child.disconnect()
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null]
    expect({ code, signal, messages }).toEqual({ code: 0, signal: null, messages: [] })
  })

  it('gives a reason instead of failing when it runs out of time', async () => {
    const report = await runProbeChild({ timeoutMs: 50 })
    expect(report.llama.error).toBe('The hardware check did not finish within 0.05 s and was stopped.')
    expect(report.system.graphics).toBeNull()
  })
})
