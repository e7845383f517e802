// The `catalog` and `fit` commands as a person or a script runs them: offline, in a temp data folder; two cases in a
// real process, the rest through the command objects (each process start costs seconds).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commands } from '../../src/backend/cli/commands'
import { EventHub } from '../../src/backend/event-hub'
import { dataPaths } from '../../src/backend/paths'
import { SettingsStore } from '../../src/backend/services/settings-store'
import { findWhatIfProfile } from '../../src/shared/hardware-profiles'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
let home: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'exaone-cli-fit-'))
  vi.stubEnv('EXAONE_DESKTOP_HOME', home)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(home, { recursive: true, force: true })
})

/** Runs a command in this process: its exit code, what it printed, or the error it threw. */
async function run(name: string, ...args: string[]): Promise<{ code: number; stdout: string; error?: Error & { hint?: string } }> {
  const command = commands[name]!
  const { values, positionals } = parseArgs({ args, options: command.options, allowPositionals: true })
  const printed: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text))
  const warn = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    return { code: await command.run(values, positionals), stdout: printed.join('\n') }
  } catch (error) {
    return { code: 1, stdout: printed.join('\n'), error: error as Error }
  } finally {
    log.mockRestore()
    warn.mockRestore()
  }
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/backend/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, EXAONE_DESKTOP_HOME: home, HF_ENDPOINT: 'http://127.0.0.1:9' },
      timeout: 60_000
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('exaone-desktop fit', () => {
  it('gives the verdict, layers, memory, disk, longest context and reasons as JSON', async () => {
    const { code, stdout } = await cli('fit', 'EXAONE-4.0-32B', 'q4_k_m', '--ctx', '8192', '--hardware', 'rtx-4090-24gb', '--json', '--offline')
    expect(code).toBe(0)
    const result = JSON.parse(stdout) as Record<string, unknown>
    expect(result).toMatchObject({ model: 'exaone-4.0-32b', quant: 'Q4_K_M', verdict: 'gpu', gpuLayers: 64, totalLayers: 64, diskBytes: 19.3e9, weightsFrom: 'catalog' })
    expect(result.vramBytes).toBeGreaterThan(20e9)
    expect(result.maxContextFullGpu).toBeGreaterThan(32_768)
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'all-on-gpu', text: expect.stringMatching(/^All 64 layers/) }))
  })

  it('takes a saved hardware file and reads a 128K context as "128k"', async () => {
    const file = join(home, 'machine.json')
    await writeFile(file, JSON.stringify(findWhatIfProfile('rtx-4090-24gb')!.hardware))
    const { code, stdout } = await run('fit', 'exaone-4.0-32b', 'Q4_K_M', '--ctx', '128k', '--hardware', file, '--json', '--offline')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'partial', contextTokens: 131_072 })
  })

  it('takes the custom machine saved by the window as --hardware custom, and says how to describe one when none is', async () => {
    const none = await run('fit', 'exaone-4.0-32b', 'Q4_K_M', '--hardware', 'custom', '--offline')
    expect(none.error).toMatchObject({ message: 'No custom machine has been described yet.', hint: expect.stringContaining('Models page') })
    await new SettingsStore(dataPaths(home).settings, new EventHub()).update({ customMachine: { gpu: 'nvidia', gpuCount: 2, gpuMemoryGB: 12, ramGB: 64, unifiedMemory: false } })
    const { code, stdout } = await run('fit', 'exaone-4.0-32b', 'Q4_K_M', '--hardware', 'Custom', '--json', '--offline')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ hardware: 'the custom machine', verdict: 'gpu', gpuLayers: 64 })
  })

  it('recommends one precision when none is named', async () => {
    const { code, stdout } = await run('fit', 'exaone-4.0-1.2b', '--hardware', 'cpu-16gb', '--offline')
    expect(code).toBe(0)
    expect(stdout).toContain('CPU only · slow')
    expect(stdout).toContain('Recommended: Q4_K_M')
  })

  it('explains a bad hardware file and unknown names, listing what is valid', async () => {
    const file = join(home, 'broken.json')
    await writeFile(file, JSON.stringify({ ram: { total: 1 } }))
    const broken = await run('fit', 'exaone-4.0-1.2b', 'q8_0', '--hardware', file, '--offline')
    expect(broken.error?.message).toContain(`${file} is not a hardware description: `)
    expect(broken.error?.message).toContain('ram.totalBytes: missing (a number)')
    expect(broken.error?.message).toContain('ram.total: not a field of a hardware description')
    const unknown = await run('fit', 'exaone-5', 'q8_0', '--offline')
    expect(unknown.error).toMatchObject({ message: 'There is no EXAONE model called "exaone-5".', hint: expect.stringMatching(/^Choose one of: exaone-4\.0-1\.2b, /) })
    const context = await run('fit', 'exaone-4.0-1.2b', 'q8_0', '--ctx', 'lots', '--offline')
    expect(context.error?.message).toBe('--ctx must be a number of tokens of at least 256, such as 8192 or 32k, not "lots".')
  })
})

describe('exaone-desktop fit --cloud', () => {
  it('prints the rented GPUs that hold the file, cheapest first, and the exact serve command', async () => {
    const { code, stdout } = await run('fit', 'exaone-4.0-32b', 'q4_k_m', '--cloud', '--offline')
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('EXAONE 4.0 32B · Q4_K_M on rented GPUs, 8K context or more, with llama-server (prices in USD per hour as of 2025-07)')
    expect(lines[2]).toMatch(/^ {2}2 × T4 16 GB\s+Vast\.ai\s+marketplace\s+128K\s+0\.30$/)
    expect(stdout).toContain([
      '  llama.cpp\'s llama-server:',
      '    llama-server -hf LGAI-EXAONE/EXAONE-4.0-32B-GGUF:Q4_K_M \\',
      '      -c 131072 -ngl 99 --jinja \\',
      '      --split-mode layer --tensor-split 1,1 \\',
      '      --host 0.0.0.0 --port 8080 --api-key "$EXAONE_API_KEY"'
    ].join('\n'))
    expect(stdout).toContain('  - The server listens on every address (--host 0.0.0.0)')
  })

  it('gives every option with its commands, notes and Connect values as JSON, at the context asked', async () => {
    const { code, stdout } = await run('fit', 'EXAONE-4.0-32B', 'BF16', '--cloud', '--ctx', '64k', '--json', '--offline')
    expect(code).toBe(0)
    const plan = JSON.parse(stdout) as { engine: string; requestedContext: number; pricesAsOf: string; options: Array<Record<string, unknown>>; notes: Array<{ code: string; text: string }> }
    expect(plan).toMatchObject({ engine: 'vllm', requestedContext: 65_536, pricesAsOf: '2025-07' })
    expect(plan.options.every((option) => (option.contextTokens as number) >= 65_536)).toBe(true)
    // One 80 GB A100 holds BF16 only to about 76K, so at 64K it still qualifies; two 40 GB ones hold about 56K, so they need four.
    expect(plan.options.find((option) => option.provider === 'Lambda Labs' && option.gpu === 'A100')).toMatchObject({ gpuCount: 4, usdPerGpuHour: 1.29, usdPerHour: 5.16 })
    expect(plan.options[0]).toMatchObject({
      provider: 'RunPod', gpu: 'A40', gpuCount: 2, usdPerHour: 0.88, connect: { name: 'EXAONE 4.0 32B · RunPod', baseUrl: 'http://your-server:8000/v1' },
      commands: [expect.objectContaining({ variant: 'vllm-0.14', label: 'vLLM 0.14 or newer' }), expect.objectContaining({ variant: 'vllm-0.10' })]
    })
    expect(plan.notes.map((note) => note.code)).toContain('reasoning-parser')
    expect(plan.notes.every((note) => note.text.length > 20)).toBe(true)
  })

  it('asks for the precision to plan', async () => {
    const { error } = await run('fit', 'exaone-4.0-32b', '--cloud', '--offline')
    expect(error).toMatchObject({ message: '--cloud plans one file: give its precision after the model.', hint: 'For example: exaone-desktop fit exaone-4.0-32b BF16 --cloud.' })
  })
})

describe('exaone-desktop catalog', () => {
  it('lists every model with approximate sizes when Hugging Face cannot be reached', async () => {
    const { code, stdout, stderr } = await cli('catalog')
    expect(code).toBe(0)
    expect(stdout).toContain('EXAONE 4.0 32B  [exaone-4.0-32b]')
    expect(stdout).toMatch(/Q4_K_M\s+4-bit\s+≈\s*19\.3 GB\s+EXAONE-4\.0-32B-Q4_K_M\.gguf/)
    expect(stderr).toContain('File sizes are approximate (≈)')
    expect(stderr).toContain('Could not reach Hugging Face (127.0.0.1:9)')
  })
})
