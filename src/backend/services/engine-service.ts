/**
 * The engine as a backend service, and the only way to it: loads name an installed model by the library's ids (or
 * a file outside the library by path), the fit advisor decides whether and how they load (unless the user
 * overrides), and the host's state and streams become contract events. The host stays private to it, so the
 * window, the chat service and the CLI all load through the same advice.
 */
import { LoadOptions, maxAutoSequences, type EngineState, type GenerateRequest, type GenerateResult, type LoadedModel, type LoadRequest, type LoadTarget, type ModelMemory } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import { describeReason, type FitReason } from '../../shared/fit/reasons'
import type { InstalledQuant } from '../../shared/library'
import type { Settings } from '../../shared/settings'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import { EngineHost } from '../inference/host'
import type { WorkerHandle } from '../inference/protocol'
import type { HardwareService } from './hardware/hardware-service'
import { availableMemory } from './hardware/memory'
import { installedModel } from './library/installed-model'
import type { LibraryService } from './library/library-service'
import type { MonitorService } from './monitor/monitor-service'
import { ThreadCalibrations } from './thread-calibrations'

export interface FitAdvice {
  fits: boolean
  /** Why: a refused load carries them, and the window and the CLI say them in their language. */
  reasons: FitReason[]
  /** Layers the advisor would put on the GPU, used when the request does not say. */
  gpuLayers: number
  /** What the model needs as the advisor placed it: the window's memory warning and the engine state show it. */
  memory: ModelMemory
}

export interface EngineServiceOptions {
  hub: EventHub
  hardware: HardwareService
  monitor: MonitorService
  /** Resolves model ids to files, and records which model was used last. */
  library: Pick<LibraryService, 'snapshot' | 'markUsed'>
  spawn: () => WorkerHandle
  gpu: 'auto' | false
  /** How a model loads when the load does not say (Settings: context, GPU layers, threads, KV cache type). */
  settings: { get(): Promise<Pick<Settings, 'contextTokens' | 'gpuLayers' | 'threads' | 'kvCacheType' | 'draftModel'>> }
  /** The fit advisor for an installed model, with `reserved` memory already taken; null when it has nothing to judge by. */
  advise?: (installed: InstalledQuant, options: LoadOptions, reserved?: ModelMemory) => Promise<FitAdvice | null>
  /** Installed models that could draft for one (Settings' draftModel "auto"), the best first; see load-advice.ts. */
  draftCandidates?: (target: InstalledQuant, installed: InstalledQuant[]) => Promise<InstalledQuant[]>
  /** Requests that may wait for a free sequence before more are refused as busy (the host's default otherwise). */
  maxQueued?: number
  /** Where the thread counts measured at first loads are remembered (see thread-calibrations.ts). */
  threadCalibrationPath: string
}

/** Below this much free memory a load is stopped: the rest of the system needs room too. */
const memoryFloorBytes = 512 * 1024 * 1024

export class EngineService {
  private readonly host: EngineHost
  private readonly calibrations: ThreadCalibrations
  private unregisterWorker: (() => void) | null = null

  constructor(private readonly options: EngineServiceOptions) {
    this.calibrations = new ThreadCalibrations(options.threadCalibrationPath)
    this.host = new EngineHost({
      spawn: options.spawn,
      gpu: options.gpu,
      threads: async () => {
        const { threads } = await options.settings.get()
        return threads === 'auto' ? this.calibrations.request((await options.hardware.fast()).cpu) : threads
      },
      onState: (state) => options.hub.emit('engine:state', state),
      onChunk: (chunk) => options.hub.emit('engine:stream', chunk),
      onWorkerStarted: (pid) => {
        this.unregisterWorker?.()
        this.unregisterWorker = options.monitor.registerProcess('inference', pid)
      },
      availableMemory: () => availableMemory(),
      memoryFloorBytes,
      ...(options.maxQueued !== undefined && { maxQueued: options.maxQueued })
    })
  }

  get state(): EngineState {
    return this.host.state
  }

  /** The inference worker's pid while one runs. */
  get workerPid(): number | undefined {
    return this.host.workerPid
  }

  async load(request: LoadRequest): Promise<LoadedModel> {
    // Only the options travel on to the worker (zod leaves out the ids, the path and override); what the load
    // does not say comes from Settings.
    const defaults = await this.options.settings.get()
    const options = LoadOptions.parse({ contextSize: defaults.contextTokens, kvCacheType: defaults.kvCacheType, ...(defaults.gpuLayers !== 'auto' && { gpuLayers: defaults.gpuLayers }), ...request })
    const { path, installed } = await this.resolve(request)
    const { advice, sequences } = await this.adviseSequences(installed, options)
    if (advice && !advice.fits && !request.override) {
      throw new AppError({
        code: 'wont-fit',
        message: `This model will not fit in this machine's memory${sequences > 1 ? ` with ${sequences} answers at once` : ''}: ${advice.reasons.map((reason) => describeReason(reason)).join(' ')}`,
        hint: 'Choose a smaller quantisation or context, or load it anyway ("Load anyway" in the window, --force on the command line); it may be very slow or fail.',
        fitReasons: advice.reasons
      })
    }
    const target: LoadTarget = {
      modelId: installed?.modelId ?? null,
      quantId: installed?.quantId ?? null,
      path,
      memory: advice?.memory ?? null
    }
    const gpuLayers = options.gpuLayers ?? advice?.gpuLayers
    const draft = options.draft ?? (defaults.draftModel === 'auto' && installed && advice?.fits ? await this.draftFor(installed, { ...options, sequences }, advice) : undefined)
    const model = await this.host.load({ target, options: { ...options, sequences, ...(gpuLayers !== undefined && { gpuLayers }), ...(draft && { draft }) } })
    if (model.threadCalibration) await this.calibrations.record(model.threadCalibration.key, model.threads)
    // Only a model that loaded counts as used: the library lists the last used first, and the CLI picks it.
    if (installed) await this.options.library.markUsed(installed)
    return model
  }

  unload(): Promise<EngineState> {
    return this.host.unload()
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.host.generate(request)
  }

  abort(requestId: string): boolean {
    return this.host.abort(requestId)
  }

  /** Settles once the worker process has exited. */
  async dispose(): Promise<void> {
    this.unregisterWorker?.()
    await this.host.dispose()
  }

  /**
   * How many answers the model writes at once: as asked, or the most (up to maxAutoSequences) whose memory, each
   * sequence with the whole context, the fit advisor says fits without moving layers off the GPU. A file the
   * advisor cannot judge gets one. The advice returned is for that many.
   */
  private async adviseSequences(installed: InstalledQuant | null, options: LoadOptions): Promise<{ advice: FitAdvice | null; sequences: number }> {
    const advise = this.options.advise
    if (!installed || !advise) return { advice: null, sequences: options.sequences ?? 1 }
    const at = (sequences: number) => advise(installed, { ...options, sequences })
    if (options.sequences !== undefined) return { advice: await at(options.sequences), sequences: options.sequences }
    const single = await at(1)
    for (let sequences = maxAutoSequences; single && sequences > 1; sequences--) {
      const advice = await at(sequences)
      if (advice?.fits && advice.gpuLayers >= single.gpuLayers) return { advice, sequences }
    }
    return { advice: single, sequences: 1 }
  }

  /**
   * A draft model for speculative decoding: the first candidate that fits beside the model without moving any of
   * its layers off the GPU (the advisor judges the model on what the draft leaves of the machine).
   */
  private async draftFor(target: InstalledQuant, options: LoadOptions, advice: FitAdvice): Promise<LoadOptions['draft']> {
    const { advise, draftCandidates, library } = this.options
    if (!advise || !draftCandidates) return undefined
    for (const candidate of await draftCandidates(target, (await library.snapshot()).installed)) {
      const draft = await advise(candidate, options)
      if (!draft?.fits) continue
      const together = await advise(target, options, draft.memory)
      if (together?.fits && together.gpuLayers >= advice.gpuLayers) return { path: candidate.path }
    }
    return undefined
  }

  /** The file a load names, and its installed model: a path the library holds is that model too, any other is outside it. */
  private async resolve(request: LoadRequest): Promise<{ path: string; installed: InstalledQuant | null }> {
    const { installed } = await this.options.library.snapshot()
    if (!('modelId' in request)) return { path: request.path, installed: installed.find((quant) => quant.path === request.path) ?? null }
    const chosen = installedModel(installed, request.modelId, request.quantId)
    return { path: chosen.path, installed: chosen }
  }
}

export function engineHandlers(engine: EngineService): Pick<Handlers, 'engine:state' | 'engine:load' | 'engine:unload' | 'engine:generate' | 'engine:abort'> {
  return {
    'engine:state': () => engine.state,
    'engine:load': (request) => engine.load(request),
    'engine:unload': () => engine.unload(),
    'engine:generate': (request) => engine.generate(request),
    'engine:abort': ({ requestId }) => ({ aborted: engine.abort(requestId) })
  }
}
