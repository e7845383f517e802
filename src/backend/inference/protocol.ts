/**
 * Messages between the engine host (in the app's backend) and the inference worker process. The same messages
 * travel over Electron's utilityProcess port and over child_process IPC.
 */
import type { AppErrorData } from '../../shared/errors'
import type { GenerateRequest, GenerateResult, LoadedModel, LoadOptions, LoadTarget, StreamChunk, ToolCallDelta } from '../../shared/engine'

export interface WorkerLoad extends Omit<LoadOptions, 'sequences'> {
  path: string
  /** Answers written at once: the context gets this many sequences. */
  sequences: number
  /** llama.cpp threads: a count, or the candidates to calibrate among (see thread-calibration.ts). */
  threads: number | ThreadsToCalibrate
  /** "auto" lets node-llama-cpp pick CUDA, Vulkan or Metal; false forces the CPU. */
  gpu: 'auto' | false
}

/**
 * Calibrate the thread count at this load, unless `known` already holds the count for this machine and model:
 * it is keyed by `machine` (the CPU, from the backend) with the GPU and the model's shape and placement (from the
 * worker), so new hardware or another model calibrates anew.
 */
export interface ThreadsToCalibrate {
  candidates: number[]
  machine: string
  known: Record<string, number>
}

/** What the worker learns from the file; the host adds the library's ids and the advised memory. */
export type WorkerModel = Omit<LoadedModel, Exclude<keyof LoadTarget, 'path'>>

/** A generation's result as the worker knows it: the host adds the time to the first chunk as it saw it. */
export type GenerateOutcome = Omit<GenerateResult, 'requestId' | 'stats'> & {
  stats: Omit<GenerateResult['stats'], 'ttftMs'> & { workerTtftMs: number }
}

/** A piece of a streamed answer, before the worker batches them into chunks. */
export type StreamPiece = { kind: 'text' | 'reasoning'; text: string } | { kind: 'tool'; delta: ToolCallDelta }

/** The worker process as the host sees it, whether Electron's utilityProcess or a Node child process. */
export interface WorkerHandle {
  readonly pid: number | undefined
  send(message: HostMessage): void
  onMessage(listener: (message: WorkerMessage) => void): void
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void
  onStderr(listener: (text: string) => void): void
  kill(): void
}

export type HostMessage =
  | { t: 'load'; id: number; load: WorkerLoad }
  | { t: 'generate'; id: number; request: GenerateRequest }
  | { t: 'abort'; requestId: string }
  | { t: 'ping'; at: number }
  /** Test hook (only honoured with EXAONE_ENGINE_TEST_HOOKS=1): block the worker's thread to test hang detection. */
  | { t: 'test-hang' }
  /** Test hook (the same): the next answer waits for ever, deaf to stops, as a lost wait in node-llama-cpp would. */
  | { t: 'test-stuck-answer' }

export type WorkerMessage =
  | { t: 'ready'; pid: number }
  | { t: 'pong'; at: number }
  | { t: 'load-progress'; id: number; progress: number }
  | { t: 'loaded'; id: number; model: WorkerModel }
  | ({ t: 'chunk' } & StreamChunk)
  | { t: 'generated'; id: number; result: GenerateOutcome & { requestId: string } }
  | { t: 'failed'; id: number; error: AppErrorData }
