/**
 * Starts one of our process entries (the inference worker, the hardware probe) as an Electron utility process:
 * a Node process that Chromium's process model knows, and that needs no ELECTRON_RUN_AS_NODE (a fuse turns
 * that off in the packaged app). It runs below normal priority. `serviceName` is the name app.getAppMetrics()
 * reports for it.
 */
import { utilityProcess } from 'electron'
import type { WorkerHandle } from '../backend/inference/protocol'
import type { WorkerMessage } from '../backend/inference/protocol'
import { lowerPriority } from '../backend/process-priority'

export function forkUtilityProcess(modulePath: string, serviceName: string): WorkerHandle {
  const child = utilityProcess.fork(modulePath, [], { serviceName, stdio: ['ignore', 'ignore', 'pipe'] })
  // Its pid is known only once it has started.
  child.once('spawn', () => lowerPriority(child.pid))
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
