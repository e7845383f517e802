/** download, list, verify and delete as a person runs them, against the fake Hugging Face. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'

let files: FakeExaoneFiles
let server: FakeHub
let home: string
let env: Record<string, string>

beforeAll(async () => {
  files = await makeFakeExaoneFiles()
  server = await startFakeHub({ repos: [fakeExaoneRepo(files)] })
  home = await mkdtemp(join(tmpdir(), 'exaone-cli-dl-'))
  env = { EXAONE_DESKTOP_HOME: home, HF_ENDPOINT: server.endpoint, HF_TOKEN: '' }
})
afterAll(async () => {
  await server.close()
  await rm(home, { recursive: true, force: true })
})

describe('command line downloads', () => {
  it('asks for --accept-licence the first time, then downloads, lists, verifies and deletes', async () => {
    const refused = await runCli(['download', 'EXAONE 4.0 1.2B', 'q8_0'], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/EXAONE AI Model License Agreement 1\.2 - NC \(non-commercial/)
    expect(refused.stderr).toMatch(/--accept-licence/)
    expect(server.bytesServed()).toBe(0)

    const done = await runCli(['download', 'exaone-4.0-1.2b', 'Q8_0', '--accept-licence'], env)
    expect(done.stderr).toMatch(/Installed and verified: EXAONE 4\.0 1\.2B Q8_0/)
    expect(done.code).toBe(0)
    const path = done.stdout.trim()
    expect(sha256Of(await readFile(path))).toBe(sha256Of(files.q8))

    const listed = await runCli(['list', '--json'], env)
    const { library } = JSON.parse(listed.stdout) as { library: { installed: Array<{ quantId: string; check: string }> } }
    expect(library.installed).toEqual([expect.objectContaining({ quantId: 'Q8_0', check: 'verified' })])

    // --model takes an installed model by id, with or without its precision.
    const messages = join(tmpdir(), `exaone-messages-${process.pid}.json`)
    await writeFile(messages, JSON.stringify([{ role: 'user', content: 'Hello' }]))
    for (const model of ['exaone-4.0-1.2b', 'EXAONE-4.0-1.2B:q8_0']) {
      const formatted = await runCli(['prompt-format', '--model', model, '--messages', messages], env)
      expect(formatted.stdout, formatted.stderr).toBe('[|user|]\nHello[|endofturn|]\n[|assistant|]\n<think>\n\n</think>\n\n')
    }
    const missing = await runCli(['prompt-format', '--model', 'exaone-4.0-1.2b:Q4_K_M', '--messages', messages], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/EXAONE 4\.0 1\.2B Q4_K_M is not installed/)

    // chat loads it by id through the engine service: the fit advisor judges it, and only then it counts as used.
    const chatted = await runCli(['chat', '--model', 'exaone-4.0-1.2b', '--prompt', 'Hello', '--max-tokens', '4', '--temp', '0', '--ctx', '512', '--json'], env)
    expect(chatted.code, chatted.stderr).toBe(0)
    expect(JSON.parse(chatted.stdout)).toMatchObject({ stopReason: expect.any(String) })
    const used = JSON.parse((await runCli(['list', '--json'], env)).stdout) as { library: { installed: Array<{ lastUsedAt: string | null }> } }
    expect(used.library.installed[0]?.lastUsedAt).not.toBeNull()

    const bytes = await readFile(path)
    bytes[1000] = (bytes[1000] ?? 0) ^ 1
    await writeFile(path, bytes)
    const verified = await runCli(['verify', 'exaone-4.0-1.2b', 'Q8_0'], env)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toMatch(/EXAONE 4\.0 1\.2B Q8_0\s+mismatch/)

    const deleted = await runCli(['delete', 'exaone-4.0-1.2b', 'Q8_0', '--json'], env)
    expect(deleted.code).toBe(0)
    expect(deleted.stderr).toMatch(/Deleted EXAONE 4\.0 1\.2B Q8_0: 4\.4 MB freed/)
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: 'installed', freedBytes: files.q8.length })
    expect((await runCli(['list'], env)).stdout).toMatch(/Nothing installed yet/)
  }, 90_000)
})

describe('command line downloads, stopped', () => {
  it('Ctrl+C pauses a download under way and says how to carry on (the process is not killed first)', async () => {
    const own = await mkdtemp(join(tmpdir(), 'exaone-cli-dl-stop-'))
    try {
      // The connection falls silent after 1 MB: the download says so and waits to retry, surely under way.
      server.fail({ kind: 'stall', afterBytes: 1_000_000 })
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/backend/cli/main.ts', 'download', 'exaone-4.0-1.2b', 'Q8_0', '--accept-licence'], { env: { ...process.env, ...env, EXAONE_DESKTOP_HOME: own } })
      let stderr = ''
      const exit = once(child, 'exit')
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          if (stderr.includes('stalled, retrying')) resolve()
        })
      })
      child.kill('SIGINT')
      expect(await exit, stderr).toEqual([130, null])
      expect(stderr).toContain('Paused. Run the same command again to carry on from here.')
    } finally {
      await rm(own, { recursive: true, force: true })
    }
  }, 60_000)
})
