/**
 * The engine host: starts the inference worker, speaks its protocol, and supervises it. A worker that aborts,
 * is killed or stops answering heartbeats is reported with the reason; its pending requests fail cleanly, and
 * the next load starts a fresh process. Each load gets a new process, so unloading returns all its memory.
 * Only EngineService uses it: the service resolves which model to load and asks the fit advisor first.
 */
import { AppError, stillAnswering, type EngineStopCode } from '../../shared/errors'
import { unstartedResult, type EngineState, type GenerateRequest, type GenerateResult, type LoadedModel, type LoadOptions, type LoadTarget, type StreamChunk } from '../../shared/engine'
import type { HostMessage, WorkerHandle, WorkerLoad, WorkerMessage } from './protocol'
import { watchLoadMemory } from './load-memory-watch'
import { RequestSlots } from './request-slots'
import { describeExit, isSameLoad } from './worker-exit'

export interface EngineHostOptions {
  spawn: () => WorkerHandle
  /** llama.cpp threads, or what to calibrate them among; asked at each load (Settings and the CPU in the app). */
  threads: () => Promise<WorkerLoad['threads']>
  gpu: WorkerLoad['gpu']
  onState(state: EngineState): void
  onChunk(chunk: StreamChunk): void
  /** The worker's pid once it runs, for the memory monitor. */
  onWorkerStarted?(pid: number): void
  /** Reads the system's available memory; while a model loads, falling under `memoryFloorBytes` stops the load. */
  availableMemory?: () => Promise<number>
  memoryFloorBytes?: number
  heartbeatMs?: number
  hangTimeoutMs?: number
  /**
   * How long a stopped answer may take to end before the worker counts as hung and is restarted (default 30 s: one
   * batch of a long prompt on a large model on a slow CPU can take that long before llama.cpp looks at the stop).
   */
  abortGraceMs?: number
  /** Requests that may wait for a free sequence before more are refused as busy. */
  maxQueued?: number
}

/** A load as the engine service decided it: which file (and model), and how. */
export interface HostLoad {
  target: LoadTarget
  options: LoadOptions
}

interface Pending {
  resolve(message: WorkerMessage): void
  reject(error: AppError): void
}

interface Running {
  handle: WorkerHandle
  pending: Map<number, Pending>
  stderrTail: string[]
  /** Heartbeats count from the worker's "ready": loading node-llama-cpp's native code blocks it for seconds. */
  ready: boolean
  pid: number | undefined
  lastPong: number
  heartbeat: ReturnType<typeof setInterval>
  stopReason: string | null
  /** Set when the host ended a worker that hung, so its exit is reported as that. */
  stopCode: EngineStopCode | null
  /** Settles when the process has exited. */
  exited: Promise<void>
}

const startupTimeoutMs = 60_000
const defaultMaxQueued = 64

const restartHint = 'Your conversation is kept. Load the model again to go on; if it happens again, choose a smaller context, fewer GPU layers or a smaller quantisation.'

export class EngineHost {
  private worker: Running | null = null
  private nextId = 1
  private current: EngineState = { status: 'idle' }
  private readonly firstChunkAt = new Map<string, number>()
  /** Answers asked to stop, with the timer that restarts the worker should they not (cleared when they end). */
  private readonly stopping = new Map<string, NodeJS.Timeout>()
  private readonly slots: RequestSlots

  constructor(private readonly options: EngineHostOptions) {
    this.slots = new RequestSlots(1, options.maxQueued ?? defaultMaxQueued)
  }

  get state(): EngineState {
    return this.current
  }

  get workerPid(): number | undefined {
    return this.worker?.pid
  }

  async load(request: HostLoad): Promise<LoadedModel> {
    const current = this.current
    // Asking again for what is loaded (another window, a retry) keeps it, and any answer it is writing.
    if ((current.status === 'ready' || current.status === 'generating') && isSameLoad(current.model, request.target.path, request.options)) return current.model
    if (this.current.status === 'generating') throw stillAnswering()
    if (this.current.status === 'loading') throw new AppError({ code: 'busy', message: 'A model is already loading.', hint: 'Wait for it to finish.' })
    this.stopWorker('replaced by a new load')
    const worker = this.startWorker()
    this.setState({ status: 'loading', ...request.target, progress: 0 })
    const unwatch = watchLoadMemory(this.options, () => this.worker === worker && this.current.status === 'loading', (error) => {
      this.failPending(worker, error)
      this.stopWorker('memory ran low while loading')
    })
    try {
      const threads = await this.options.threads()
      const load = { ...request.options, sequences: request.options.sequences ?? 1, path: request.target.path, threads, gpu: this.options.gpu }
      const reply = await this.request(worker, (id) => ({ t: 'load', id, load }))
      if (reply.t !== 'loaded') throw new Error(`Unexpected reply ${reply.t}`)
      const model: LoadedModel = { ...request.target, ...reply.model }
      this.slots.reset(model.sequences)
      this.setState({ status: 'ready', model })
      return model
    } catch (error) {
      // A failed load leaves llama.cpp in an unknown state (its dispose can hang): drop the whole process.
      if (this.worker === worker) this.stopWorker('the load failed')
      if (this.state.status === 'loading') this.setState({ status: 'idle' })
      throw error
    } finally {
      unwatch()
    }
  }

  async unload(): Promise<EngineState> {
    if (this.current.status === 'generating') throw stillAnswering()
    this.stopWorker('unloaded')
    this.setState({ status: 'idle' })
    return this.current
  }

  /**
   * Answers on a free sequence, or after those before it in line; abort takes it out of line. Up to
   * model.sequences requests run at once in one worker, which llama.cpp batches together.
   */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const state = this.current
    if ((state.status !== 'ready' && state.status !== 'generating') || !this.worker) {
      const why = state.status === 'stopped' ? `: the engine stopped (${state.reason})` : ''
      throw new AppError({ code: 'not-loaded', message: `No model is loaded${why}.`, hint: 'Load a model, then send the message again.' })
    }
    const { requestId } = request
    if (this.slots.has(requestId)) throw new AppError({ code: 'bad-request', message: `A request with id "${requestId}" is already running.`, hint: 'Give each request its own id.' })
    const admitted = this.slots.enter(requestId)
    this.publishActivity()
    let answerMs: number | undefined
    try {
      if (!(await admitted)) return unstartedResult(requestId)
      this.publishActivity()
      const worker = this.worker
      if (!worker) throw new AppError({ code: 'engine-stopped', message: 'The model engine stopped before this request started.', hint: restartHint })
      const sentAt = performance.now()
      const replied = this.request(worker, (id) => ({ t: 'generate', id, request }))
      // A stop asked for between taking the sequence and sending the request reached the worker before it: again.
      if (this.stopping.has(requestId)) worker.handle.send({ t: 'abort', requestId })
      const reply = await replied
      if (reply.t !== 'generated') throw new Error(`Unexpected reply ${reply.t}`)
      const { workerTtftMs, ...stats } = reply.result.stats
      const firstChunk = this.firstChunkAt.get(requestId)
      answerMs = stats.totalMs
      return { ...reply.result, stats: { ...stats, ttftMs: firstChunk !== undefined ? firstChunk - sentAt : workerTtftMs } }
    } finally {
      clearTimeout(this.stopping.get(requestId))
      this.stopping.delete(requestId)
      this.firstChunkAt.delete(requestId)
      this.slots.leave(requestId, answerMs)
      this.publishActivity()
    }
  }

  /**
   * Stops a running request (it ends with what it has written) or takes a waiting one out of line. A worker that
   * keeps answering heartbeats but not the stop (a wait in node-llama-cpp that never ends, as one did with a draft
   * model) would hold the model for ever, so it is restarted once `abortGraceMs` pass, and the request fails.
   */
  abort(requestId: string): boolean {
    if (this.slots.cancel(requestId)) return true
    const worker = this.worker
    if (!this.slots.runningIds.includes(requestId) || !worker) return false
    worker.handle.send({ t: 'abort', requestId })
    if (!this.stopping.has(requestId)) {
      const graceMs = this.options.abortGraceMs ?? 30_000
      const timer = setTimeout(() => {
        if (this.worker === worker) this.endStuck(worker, 'hang', `it did not stop an answer within ${Math.round(graceMs / 1000)} s of being asked, and was restarted`)
      }, graceMs)
      timer.unref?.()
      this.stopping.set(requestId, timer)
    }
    return true
  }

  /** Stops the worker; settles once its process has exited (callers bound the wait: see src/main/lifecycle.ts). */
  dispose(): Promise<void> {
    const worker = this.worker
    this.stopWorker('the app is closing')
    return worker?.exited ?? Promise.resolve()
  }

  /** Test hook: makes the worker stop answering, as a deadlock in native code would. */
  simulateHangForTest(): void {
    this.worker?.handle.send({ t: 'test-hang' })
  }

  /** Test hook: the worker's next answer waits for ever, deaf to stops, while it answers heartbeats. */
  simulateStuckAnswerForTest(): void {
    this.worker?.handle.send({ t: 'test-stuck-answer' })
  }

  private startWorker(): Running {
    const handle = this.options.spawn()
    let markExited = (): void => undefined
    const worker: Running = {
      handle,
      pending: new Map(),
      stderrTail: [],
      ready: false,
      pid: handle.pid,
      lastPong: performance.now(),
      stopReason: null,
      stopCode: null,
      exited: new Promise((resolve) => (markExited = resolve)),
      heartbeat: setInterval(() => this.checkHeartbeat(worker), this.options.heartbeatMs ?? 1000)
    }
    worker.heartbeat.unref?.()
    handle.onMessage((message) => this.receive(worker, message))
    handle.onStderr((text) => {
      for (const line of text.split('\n')) if (line.trim()) worker.stderrTail.push(line)
      worker.stderrTail.splice(0, Math.max(0, worker.stderrTail.length - 30))
    })
    handle.onExit((exit) => {
      markExited()
      this.exited(worker, exit)
    })
    this.worker = worker
    return worker
  }

  private stopWorker(reason: string): void {
    const worker = this.worker
    if (!worker) return
    this.worker = null
    worker.stopReason = reason
    clearInterval(worker.heartbeat)
    worker.handle.kill()
    this.failPending(worker, new AppError({ code: 'engine-stopped', message: `The model engine was stopped: ${reason}.` }))
  }

  /** While a model is loaded: 'generating' with who runs and how many wait, or 'ready' when none. */
  private publishActivity(): void {
    const state = this.current
    if (state.status !== 'ready' && state.status !== 'generating') return
    const requestIds = this.slots.runningIds
    const queued = this.slots.waitingCount
    if (requestIds.length === 0 && queued === 0) {
      if (state.status !== 'ready') this.setState({ status: 'ready', model: state.model })
    } else if (state.status !== 'generating' || state.queued !== queued || state.requestIds.join() !== requestIds.join()) {
      this.setState({ status: 'generating', model: state.model, requestIds, queued })
    }
  }

  private checkHeartbeat(worker: Running): void {
    const silentMs = performance.now() - worker.lastPong
    const limit = worker.ready ? (this.options.hangTimeoutMs ?? 15_000) : startupTimeoutMs
    if (silentMs > limit) {
      if (worker.ready) this.endStuck(worker, 'hang', `it stopped responding for ${Math.round(silentMs / 1000)} s and was restarted`)
      else this.endStuck(worker, 'start-timeout', `it did not start within ${Math.round(limit / 1000)} s`)
      return
    }
    worker.handle.send({ t: 'ping', at: performance.now() })
  }

  /** Ends a worker that is stuck; `exited` then fails its requests and reports the stop with `code` and `reason`. */
  private endStuck(worker: Running, code: EngineStopCode, reason: string): void {
    worker.stopCode = code
    worker.stopReason = reason
    worker.handle.kill()
  }

  private receive(worker: Running, message: WorkerMessage): void {
    worker.lastPong = performance.now()
    switch (message.t) {
      case 'ready':
        worker.ready = true
        worker.pid = message.pid
        this.options.onWorkerStarted?.(message.pid)
        return
      case 'pong':
        return
      case 'load-progress':
        if (this.current.status === 'loading') this.setState({ ...this.current, progress: message.progress })
        return
      case 'chunk':
        if (!this.firstChunkAt.has(message.requestId)) this.firstChunkAt.set(message.requestId, performance.now())
        this.options.onChunk({ requestId: message.requestId, seq: message.seq, text: message.text, reasoning: message.reasoning, ...(message.toolCalls && { toolCalls: message.toolCalls }) })
        return
      case 'failed':
        worker.pending.get(message.id)?.reject(new AppError(message.error))
        worker.pending.delete(message.id)
        return
      default:
        worker.pending.get(message.id)?.resolve(message)
        worker.pending.delete(message.id)
    }
  }

  private exited(worker: Running, exit: { code: number | null; signal: string | null }): void {
    clearInterval(worker.heartbeat)
    const expected = worker.stopReason !== null && this.worker !== worker
    if (expected) return
    const { code, reason } = worker.stopCode && worker.stopReason ? { code: worker.stopCode, reason: worker.stopReason } : describeExit(exit, worker.stderrTail)
    const details = worker.stderrTail.slice(-12).join('\n') || undefined
    if (this.worker === worker) this.worker = null
    this.failPending(worker, new AppError({ code: 'engine-stopped', message: `The model engine stopped: ${reason}.`, hint: restartHint, stopCode: code, ...(details && { details }) }))
    this.setState({ status: 'stopped', code, reason, ...(details && { details }) })
  }

  private request(worker: Running, build: (id: number) => HostMessage): Promise<WorkerMessage> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { resolve, reject })
      worker.handle.send(build(id))
    })
  }

  /** The worker is gone: its running requests and everyone waiting for a sequence get the error. */
  private failPending(worker: Running, error: AppError): void {
    for (const pending of worker.pending.values()) pending.reject(error)
    worker.pending.clear()
    this.slots.failWaiting(error)
  }

  private setState(state: EngineState): void {
    this.current = state
    this.options.onState(state)
  }
}
