/**
 * Which model the API answers with, and when: requests wait in one FIFO line; the model a request names is loaded
 * on demand through the engine service (so the fit advisor decides, and refuses what will not fit), only once no
 * request is using the model before it; as many requests use a loaded model at once as it has sequences; and a
 * model the API loaded is unloaded after a quiet spell.
 */
import type { LoadedModel } from '../../shared/engine'
import { loadedModel } from '../../shared/engine-plain'
import { AppError } from '../../shared/errors'
import type { InstalledQuant } from '../../shared/library'
import type { EngineService } from '../services/engine-service'
import { installedModel, parseModelReference } from '../services/library/installed-model'
import type { LibraryService } from '../services/library/library-service'
import { badRequest } from './errors'

export interface ModelGateOptions {
  engine: Pick<EngineService, 'state' | 'load' | 'unload'>
  library: Pick<LibraryService, 'snapshot'>
  /** Answers written at once, asked of every load; omitted: what the fit advisor says fits (the engine's choice). */
  sequences?: number
  /** Unload a model the API loaded after this long without requests; 0 never does. */
  idleUnloadMs: number
  /** Past this many waiting requests, more are turned away (503 with Retry-After); 256 by default. */
  maxWaiting?: number
}

/** A model the API answers with: the library's ids and its file. */
export type ApiModel = Pick<InstalledQuant, 'modelId' | 'quantId' | 'path'>

export interface Lease {
  model: LoadedModel
  release(): void
}

/** Requests turned away with 503 and Retry-After past this many waiting, rather than held without end. */
const defaultMaxWaiting = 256

interface Waiter {
  installed: ApiModel
  contextSize: number | undefined
  resolve(lease: Lease): void
  reject(error: unknown): void
}

export class ModelGate {
  private readonly line: Waiter[] = []
  private active = 0
  private loading = false
  /** The file the API itself loaded, which it may unload when idle; a model the window loaded is left alone. */
  private loadedByApi: string | null = null
  private idleTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: ModelGateOptions) {}

  /** Requests answering or waiting. */
  get running(): number {
    return this.active + this.line.length
  }

  /**
   * A request's `model`: an installed model by id, with or without its precision (without: the one used last,
   * which a loaded model is); never a file path. The loaded model is known without reading the library from disk.
   */
  async resolve(name: string): Promise<ApiModel> {
    if (/[\\/]/.test(name)) throw badRequest('Name a model by its id, such as exaone-4.0-1.2b:Q4_K_M (GET /v1/models lists them), not by a path.', 'invalid_model', 'model')
    const { modelId, quantId } = parseModelReference(name)
    const loaded = loadedModel(this.options.engine.state)
    if (loaded?.modelId === modelId && loaded.quantId !== null && (quantId ?? loaded.quantId) === loaded.quantId) return { modelId, quantId: loaded.quantId, path: loaded.path }
    return installedModel((await this.options.library.snapshot()).installed, modelId, quantId)
  }

  /** Waits for its turn and the model, loaded with at least `contextSize` tokens if given. */
  acquire(installed: ApiModel, contextSize: number | undefined, signal: AbortSignal): Promise<Lease> {
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { installed, contextSize, resolve, reject }
      const leave = (): void => {
        const index = this.line.indexOf(waiter)
        if (index < 0) return
        this.line.splice(index, 1)
        reject(signal.reason)
        this.pump()
      }
      signal.addEventListener('abort', leave, { once: true })
      waiter.resolve = (lease) => {
        signal.removeEventListener('abort', leave)
        resolve(lease)
      }
      const maxWaiting = this.options.maxWaiting ?? defaultMaxWaiting
      if (this.line.length >= maxWaiting) {
        reject(new AppError({ code: 'busy', message: `${maxWaiting} requests are already waiting.`, hint: 'Try again shortly.', retryAfterSeconds: 5 }))
        return
      }
      clearTimeout(this.idleTimer)
      this.line.push(waiter)
      this.pump()
    })
  }

  dispose(): void {
    clearTimeout(this.idleTimer)
  }

  private pump(): void {
    while (!this.loading && this.line[0]) {
      const head = this.line[0]
      const model = loadedModel(this.options.engine.state)
      const fits = model?.path === head.installed.path && (head.contextSize === undefined || model.contextSize >= head.contextSize)
      if (fits) {
        if (this.active >= model.sequences) return
        this.line.shift()
        this.active++
        head.resolve({ model, release: once(() => this.release()) })
        continue
      }
      if (this.active > 0) return
      this.load(head)
      return
    }
  }

  private load(head: Waiter): void {
    this.loading = true
    const { modelId, quantId } = head.installed
    this.options.engine
      .load({
        modelId,
        quantId,
        ...(head.contextSize !== undefined && { contextSize: head.contextSize }),
        ...(this.options.sequences !== undefined && { sequences: this.options.sequences })
      })
      .then(
        (model) => {
          this.loadedByApi = model.path
          // The load was for the head: it gets the model even if llama.cpp chose another context than asked.
          if (this.line[0] !== head) return
          this.line.shift()
          this.active++
          head.resolve({ model, release: once(() => this.release()) })
        },
        (error: unknown) => {
          // Unless it left meanwhile, the request the load was for gets its error (the next in line may try again).
          const index = this.line.indexOf(head)
          if (index < 0) return
          this.line.splice(index, 1)
          head.reject(error)
        }
      )
      .finally(() => {
        this.loading = false
        this.pump()
      })
  }

  private release(): void {
    this.active--
    this.pump()
    if (this.running > 0 || this.options.idleUnloadMs <= 0) return
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      const model = loadedModel(this.options.engine.state)
      if (this.running === 0 && this.options.engine.state.status === 'ready' && model?.path === this.loadedByApi) {
        this.loadedByApi = null
        void this.options.engine.unload().catch(() => undefined)
      }
    }, this.options.idleUnloadMs)
    this.idleTimer.unref()
  }
}

function once(action: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    action()
  }
}
