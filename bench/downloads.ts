/**
 * Download throughput: a 1 GiB file from the fake Hugging Face on loopback (its own process, so it does not
 * share a thread with the downloader), fetched by our queue (redirect, sha256 while downloading, fsync, rename),
 * by `curl -o` from the same server in the same run (also timed with an fsync after it, as ours ends with one),
 * and by the simplest Node.js loop doing our work (downloads-bare-child.ts). Each is run five times,
 * alternating; medians count, and the spread of the per-pair ratios is reported because the machines this runs
 * on are often shared.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { EventHub } from '../src/backend/event-hub'
import { dataPaths } from '../src/backend/paths'
import { syncFile } from '../src/backend/durable-files'
import { openModelFiles } from '../src/backend/services/model-files'
import { SettingsStore } from '../src/backend/services/settings-store'
import { exaoneCommit, exaoneRepo } from '../test/helpers/fake-models'
import type { BareDownload } from './downloads-bare-child'
import { type Figure, median } from './figure'

const size = 1 << 30
const fileName = 'EXAONE-4.0-1.2B-Q8_0.gguf'
const runs = 5

export async function benchDownloads(): Promise<Figure[]> {
  const folder = await mkdtemp(join(tmpdir(), 'exaone-bench-downloads-'))
  let server: ChildProcess | null = null
  try {
    const source = join(folder, 'source.gguf')
    const sha256 = await writeRandomFile(source)
    const started = await startServer(source, sha256)
    server = started.child
    const ours: number[] = []
    const curl: number[] = []
    const curlDurable: number[] = []
    const bare: number[] = []
    const url = `${started.endpoint}/${exaoneRepo}/resolve/${exaoneCommit}/${fileName}`
    for (let run = 0; run < runs; run++) {
      const timed = await timeCurl(url, join(folder, 'curl.gguf'))
      curl.push(timed.seconds)
      curlDurable.push(timed.secondsWithFsync)
      ours.push(await timeOurs(started.endpoint, join(folder, `home-${run}`)))
      bare.push(await timeBareNode(url, join(folder, 'bare.gguf'), sha256))
    }
    const rate = (seconds: number[]): number => size / 1e6 / median(seconds)
    // Each run of ours against the curl run just before it: how far the shared machine moved the ratio.
    const pairRatios = ours.map((seconds, run) => (curlDurable[run] ?? Number.NaN) / seconds)
    const names = { ours: 'downloads.oursMBps', curl: 'downloads.curlMBps', curlDurable: 'downloads.curlFsyncMBps', bare: 'downloads.bareNodeMBps' }
    return [
      { name: names.ours, value: rate(ours), unit: 'MB/s' },
      { name: names.curl, value: rate(curl), unit: 'MB/s' },
      { name: names.curlDurable, value: rate(curlDurable), unit: 'MB/s' },
      { name: names.bare, value: rate(bare), unit: 'MB/s' },
      // What the app costs over the simplest Node.js code doing the same work, and what Node costs over curl.
      { name: 'downloads.vsBareNode', value: rate(ours) / rate(bare), unit: 'x', baseline: names.bare },
      { name: 'downloads.bareNodeVsCurlFsync', value: rate(bare) / rate(curlDurable), unit: 'x', baseline: names.curlDurable },
      { name: 'downloads.vsCurl', value: rate(ours) / rate(curl), unit: 'x', baseline: names.curl },
      // Ours ends with the file on the disk itself; curl's may still be in the page cache.
      { name: 'downloads.vsCurlFsync', value: rate(ours) / rate(curlDurable), unit: 'x', baseline: names.curlDurable },
      { name: 'downloads.vsCurlFsyncLowestPair', value: Math.min(...pairRatios), unit: 'x', baseline: names.curlDurable },
      { name: 'downloads.vsCurlFsyncHighestPair', value: Math.max(...pairRatios), unit: 'x', baseline: names.curlDurable }
    ]
  } finally {
    server?.kill('SIGTERM')
    await rm(folder, { recursive: true, force: true })
  }
}

/** 1 GiB of one random 16 MiB block repeated: incompressible enough, written in a second, hashed once. */
async function writeRandomFile(path: string): Promise<string> {
  const block = randomBytes(16 << 20)
  const hash = createHash('sha256')
  const file = await open(path, 'w')
  try {
    for (let written = 0; written < size; written += block.length) {
      hash.update(block)
      await file.write(block)
    }
  } finally {
    await file.close()
  }
  return hash.digest('hex')
}

function startServer(path: string, sha256: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/serve-fake-hf.ts', '--q8-file', path, '--q8-sha256', sha256], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const endpoint = /HF_ENDPOINT=(\S+)/.exec(output)?.[1]
      if (endpoint) resolve({ child, endpoint })
    })
    child.once('exit', (code) => reject(new Error(`The fake Hugging Face exited with ${code}: ${output}`)))
  })
}

async function timeCurl(url: string, output: string): Promise<{ seconds: number; secondsWithFsync: number }> {
  const began = performance.now()
  await promisify(execFile)('curl', ['-sS', '--fail', '-L', '-o', output, url])
  const seconds = (performance.now() - began) / 1000
  await syncFile(output)
  const secondsWithFsync = (performance.now() - began) / 1000
  await rm(output)
  return { seconds, secondsWithFsync }
}

async function timeBareNode(url: string, output: string, sha256: string): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'downloads-bare-child.ts'), url, output])
  const result = JSON.parse(stdout) as BareDownload
  await rm(output)
  if (result.sha256 !== sha256 || result.bytes !== size) throw new Error(`The bare Node.js download got ${result.bytes} bytes with sha256 ${result.sha256}.`)
  return result.seconds
}

async function timeOurs(endpoint: string, home: string): Promise<number> {
  const paths = dataPaths(home)
  const hub = new EventHub()
  const files = await openModelFiles({ paths, hub, settings: new SettingsStore(paths.settings, hub), env: { HF_ENDPOINT: endpoint } })
  await files.licences.accept('exaone-4.0-1.2b')
  const began = performance.now()
  const item = await files.downloads.start('exaone-4.0-1.2b', 'Q8_0')
  await files.downloads.finished(item.id)
  const seconds = (performance.now() - began) / 1000
  await rm(home, { recursive: true, force: true })
  return seconds
}
