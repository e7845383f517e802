/**
 * A downloading process killed with SIGKILL at random moments, again and again: each new run carries on from
 * the bytes on disk, the file ends with the right sha256, and little is fetched twice.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'

const fileName = 'EXAONE-4.0-1.2B-Q8_0.gguf'
const kills = 4
let files: FakeExaoneFiles
let server: FakeHub
let home: string

beforeAll(async () => {
  files = await makeFakeExaoneFiles()
  server = await startFakeHub({ repos: [fakeExaoneRepo(files)] })
  // About two seconds for the whole file, so every kill lands in the middle of it.
  server.setRate(2_000_000)
  home = await mkdtemp(join(tmpdir(), 'exaone-crash-'))
})
afterAll(async () => {
  await server.close()
  await rm(home, { recursive: true, force: true })
})

function runDownload(): { child: ChildProcess; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/downloads/download-child.ts', home, server.endpoint], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr }))) }
}

describe('a download killed with SIGKILL', () => {
  it(`resumes ${kills} times from what is on disk and ends verified`, async () => {
    let killed = 0
    for (let round = 0; round < kills; round++) {
      const servedAtStart = server.bytesServed(fileName)
      const { child, exit } = runDownload()
      let finished = false
      void exit.then(() => (finished = true))
      while (!finished && server.bytesServed(fileName) === servedAtStart) await sleep(10)
      await sleep(50 + Math.random() * 300)
      if (finished) break
      child.kill('SIGKILL')
      await exit
      killed++
    }
    const last = await runDownload().exit
    expect(last.stderr).toBe('')
    expect(last.code).toBe(0)
    expect(last.stdout.trim()).toBe(join(home, 'models', fileName))
    expect(sha256Of(await readFile(join(home, 'models', fileName)))).toBe(sha256Of(files.q8))
    expect(killed).toBeGreaterThanOrEqual(2)
    // Each kill loses at most what was in flight on the socket.
    expect(server.bytesServed(fileName)).toBeLessThan(files.q8.length + killed * 256 * 1024)
  }, 90_000)
})
