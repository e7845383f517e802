/** Starts the inference worker with child_process.fork: the transport for the CLI, the harness and the tests. */
import { fork } from 'node:child_process'
import { locateEntry, type ProcessEntry } from '../entry-path'
import { lowerPriority } from '../process-priority'
import type { WorkerHandle, WorkerMessage } from './protocol'

export type WorkerEntry = ProcessEntry

export function defaultWorkerEntry(): WorkerEntry {
  return locateEntry(import.meta.url, './worker.ts', 'inference-worker.js')
}

/** Forks a process entry of ours (the inference worker, the hardware probe) with an IPC channel and stderr piped, below normal priority. */
export function spawnNodeWorker(entry: WorkerEntry = defaultWorkerEntry(), env: NodeJS.ProcessEnv = process.env): WorkerHandle {
  const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env })
  lowerPriority(child.pid)
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
