/** Starts the inference worker as an Electron utility process: a Node process that Chromium's process model knows. */
import { utilityProcess } from 'electron'
import type { WorkerHandle } from '../backend/inference/host'
import type { WorkerMessage } from '../backend/inference/protocol'

export function spawnUtilityWorker(modulePath: string): WorkerHandle {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'EXAONE inference', stdio: ['ignore', 'ignore', 'pipe'] })
  return {
    get pid() {
      return child.pid
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as WorkerMessage)),
    // utilityProcess reports only an exit code; a signal shows as 128 + its number (134 abort, 137 kill).
    onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
    onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
    kill: () => {
      child.kill()
    }
  }
}
