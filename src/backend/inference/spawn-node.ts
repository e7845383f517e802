/** Starts the inference worker with child_process.fork: the transport for the CLI, the harness and the tests. */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { WorkerMessage } from './protocol'
import type { WorkerHandle } from './host'

export interface WorkerEntry {
  path: string
  execArgv: string[]
}

/**
 * From source (tsx) the worker is worker.ts beside this file; in a build it is out/main/inference-worker.js,
 * while this code sits in out/main/chunks/ or, for an entry, in out/main/.
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url
  if (here.endsWith('.ts')) return { path: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', 'tsx'] }
  const candidates = [new URL('./inference-worker.js', here), new URL('../inference-worker.js', here)].map((url) => fileURLToPath(url))
  const built = candidates.find((path) => existsSync(path))
  if (!built) throw new Error(`The inference worker is not built (looked for ${candidates.join(', ')}). Run "npm run build".`)
  return { path: built, execArgv: [] }
}

export function spawnNodeWorker(entry: WorkerEntry = defaultWorkerEntry(), env: NodeJS.ProcessEnv = process.env): WorkerHandle {
  const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env })
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as WorkerMessage)),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
    kill: () => {
      child.kill('SIGKILL')
    }
  }
}
