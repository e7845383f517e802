/** `probe` and `monitor` as a user runs them. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MonitorTick } from '../../src/shared/monitor'
import { runCli } from '../helpers/cli'

describe('hardware on the command line', () => {
  it('probe --json waits for every source and prints the fields scripts rely on', async () => {
    const run = await runCli(['probe', '--json'])
    expect(run.code).toBe(0)
    const probe = JSON.parse(run.stdout) as Record<string, unknown> & {
      complete: boolean
      cpu: { cores: number }
      ram: { totalBytes: number; availableBytes: number }
      gpus: Array<Record<string, unknown>>
      disk: { path: string; freeBytes: number }
    }
    expect(probe.complete).toBe(true)
    expect(probe.cpu.cores).toBeGreaterThan(0)
    expect(probe.ram.totalBytes).toBeGreaterThan(0)
    expect(probe.ram.availableBytes).toBeGreaterThan(0)
    expect(Array.isArray(probe.gpus)).toBe(true)
    for (const gpu of probe.gpus) {
      expect(Object.keys(gpu)).toEqual(expect.arrayContaining(['name', 'vendor', 'vramTotalBytes', 'vramFreeBytes', 'backend', 'unifiedMemory']))
    }
    expect(probe.disk.path).toMatch(/models$/)
    expect(probe.disk.freeBytes).toBeGreaterThan(0)
    expect(probe).toHaveProperty('llamaCpp.backend')
  })

  it('monitor --json --seconds 2 prints two NDJSON ticks, one a second', async () => {
    const run = await runCli(['monitor', '--json', '--seconds', '2'])
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    const ticks = lines.map((line) => MonitorTick.parse(JSON.parse(line)))
    expect(ticks[1]!.at - ticks[0]!.at).toBeGreaterThanOrEqual(900)
    if (process.platform === 'linux') {
      const total = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024
      expect(ticks[0]!.ram.totalBytes).toBe(total)
    }
    expect(ticks[0]!.app.processes[0]).toMatchObject({ role: 'main' })
  })

  it('monitor prints readable lines and refuses a bad --seconds', async () => {
    const run = await runCli(['monitor', '--seconds', '1'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\d\d:\d\d:\d\d · RAM .+ used, .+ free of .+ · CPU \d+% · app /)
    const bad = await runCli(['monitor', '--seconds', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--seconds/)
  })
})
