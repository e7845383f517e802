/**
 * A downloading process killed with SIGKILL at random points, again and again: each new run carries on from
 * the bytes on disk, the file ends with the right sha256, and little is fetched twice. The points are bytes into
 * the transfer drawn from a seeded PRNG: the seed is in the test's name and messages, and `TEST_SEED=<seed>`
 * replays it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Of, startFakeHub, type FakeHub } from '../../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles, type FakeExaoneFiles } from '../../helpers/fake-models'
import { seededRandom, testSeed } from '../../helpers/seeded-random'

const fileName = 'EXAONE-4.0-1.2B-Q8_0.gguf'
const kills = 4
const random = seededRandom(testSeed())
const replay = `TEST_SEED=${random.seed}`
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
  it(`resumes ${kills} times from what is on disk and ends verified (${replay})`, async () => {
    let killed = 0
    const killPoints: number[] = []
    for (let round = 0; round < kills; round++) {
      // Between 64 KiB and a fifth of the file after what this round's process has been sent so far.
      const killAt = server.bytesServed(fileName) + random.int(64 * 1024, Math.floor(files.q8.length / 5))
      const { child, exit } = runDownload()
      const reached = await Promise.race([server.whenServed(fileName, killAt).then(() => true), exit.then(() => false)])
      if (!reached) break
      child.kill('SIGKILL')
      const killedRun = await exit
      expect(killedRun.code, `${replay}: round ${round} should have died of the SIGKILL\n${killedRun.stderr}`).toBeNull()
      killPoints.push(killAt)
      killed++
    }
    const context = `${replay}, killed at served bytes ${killPoints.join(', ')}`
    const last = await runDownload().exit
    expect(last.stderr, context).toBe('')
    expect(last.code, context).toBe(0)
    expect(last.stdout.trim(), context).toBe(join(home, 'models', fileName))
    expect(sha256Of(await readFile(join(home, 'models', fileName))), context).toBe(sha256Of(files.q8))
    expect(killed, context).toBeGreaterThanOrEqual(2)
    // Each kill loses at most what was in flight on the socket.
    expect(server.bytesServed(fileName), context).toBeLessThan(files.q8.length + killed * 256 * 1024)
  }, 90_000)
})
