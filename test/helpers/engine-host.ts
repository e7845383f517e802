/** The engine host on a real forked worker, as the engine tests drive it; hosts are disposed after each test. */
import { afterEach } from 'vitest'
import { EngineHost, type EngineHostOptions, type HostLoad } from '../../src/backend/inference/host'
import { spawnNodeWorker } from '../../src/backend/inference/spawn-node'
import type { EngineState, LoadOptions, StreamChunk } from '../../src/shared/engine'

const hosts: EngineHost[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.dispose()
})

export function makeHost(options: Partial<EngineHostOptions> = {}, env: NodeJS.ProcessEnv = process.env) {
  const states: EngineState[] = []
  const chunks: StreamChunk[] = []
  const host = new EngineHost({
    spawn: () => spawnNodeWorker(undefined, env),
    // One thread: on a 2-core machine a second spinning ggml thread fights Node's own (see the GGUF smoke notes).
    threads: async () => 1,
    gpu: false,
    onState: (state) => states.push(state),
    onChunk: (chunk) => chunks.push(chunk),
    ...options
  })
  hosts.push(host)
  return { host, states, chunks }
}

/** A file outside the library, as the engine service hands it to the host. */
export const fileLoad = (path: string, options: LoadOptions = {}): HostLoad => ({ target: { modelId: null, quantId: null, path, memory: null }, options })

export const greedy = { temperature: 0, seed: 7 }
