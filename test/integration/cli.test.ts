/** The CLI as a user runs it: a real process, real stdout/stderr and exit codes. */
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

describe('command line', () => {
  it('--help lists the commands', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Usage: exaone-desktop <command>/)
    expect(run.stdout).toMatch(/\n {2}probe /)
  })

  it('probe --json prints valid JSON that describes this machine', async () => {
    const run = await runCli(['probe', '--json'])
    expect(run.code).toBe(0)
    const probe = JSON.parse(run.stdout) as { cpu: { threads: number }; ram: { totalBytes: number }; disk: { path: string } }
    expect(probe.cpu.threads).toBeGreaterThan(0)
    expect(probe.ram.totalBytes).toBeGreaterThan(0)
    expect(probe.disk.path).toMatch(/models$/)
  })

  it('an unknown command or option fails on stderr with a non-zero exit code', async () => {
    const unknown = await runCli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/)
    const badOption = await runCli(['probe', '--colour'])
    expect(badOption.code).toBe(2)
    expect(badOption.stderr).toMatch(/--colour/)
  })
})
