/**
 * Messages between the engine host (in the app's backend) and the inference worker process. The same messages
 * travel over Electron's utilityProcess port and over child_process IPC.
 */
import type { AppErrorData } from '../../shared/errors'
import type { GenerateRequest, GenerateResult, LoadedModel, LoadOptions, LoadTarget } from '../../shared/engine'

export interface WorkerLoad extends LoadOptions {
  path: string
  threads: number
  /** "auto" lets node-llama-cpp pick CUDA, Vulkan or Metal; false forces the CPU. */
  gpu: 'auto' | false
}

/** What the worker learns from the file; the host adds the library's ids and the advised memory. */
export type WorkerModel = Omit<LoadedModel, Exclude<keyof LoadTarget, 'path'>>

export type WorkerGenerate = DistributiveOmit<GenerateRequest, 'requestId'>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export type HostMessage =
  | { t: 'load'; id: number; load: WorkerLoad }
  | { t: 'generate'; id: number; requestId: string; generate: WorkerGenerate }
  | { t: 'abort'; requestId: string }
  | { t: 'ping'; at: number }
  /** Test hook (only honoured with EXAONE_ENGINE_TEST_HOOKS=1): block the worker's thread to test hang detection. */
  | { t: 'test-hang' }

export type WorkerMessage =
  | { t: 'ready'; pid: number }
  | { t: 'pong'; at: number }
  | { t: 'load-progress'; id: number; progress: number }
  | { t: 'loaded'; id: number; model: WorkerModel }
  | { t: 'chunk'; requestId: string; seq: number; text: string; reasoning: string }
  | { t: 'generated'; id: number; result: Omit<GenerateResult, 'stats'> & { stats: Omit<GenerateResult['stats'], 'ttftMs'> & { workerTtftMs: number } } }
  | { t: 'failed'; id: number; error: AppErrorData }
