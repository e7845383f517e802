/**
 * The engine as a backend service: one EngineHost whose state and streams become contract events, whose worker
 * the memory monitor watches, and whose loads the fit advisor may refuse (unless the user overrides).
 */
import type { LoadRequest } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import { EngineHost, type WorkerHandle } from '../inference/host'
import type { HardwareService } from './hardware/hardware-service'
import { availableMemory } from './hardware/memory'
import type { MonitorService } from './monitor/monitor-service'

export interface FitAdvice {
  fits: boolean
  /** Why, in the user's words: shown when a load is refused. */
  reasons: string[]
  /** Layers the advisor would put on the GPU, used when the request does not say. */
  gpuLayers?: number
}

export interface EngineServiceOptions {
  hub: EventHub
  hardware: HardwareService
  monitor: MonitorService
  spawn: () => WorkerHandle
  gpu: 'auto' | false
  advise?: (request: LoadRequest) => Promise<FitAdvice | null>
}

/** Below this much free memory a load is stopped: the rest of the system needs room too. */
const memoryFloorBytes = 512 * 1024 * 1024

export class EngineService {
  readonly host: EngineHost
  private unregisterWorker: (() => void) | null = null

  constructor(private readonly options: EngineServiceOptions) {
    this.host = new EngineHost({
      spawn: options.spawn,
      gpu: options.gpu,
      threads: async () => inferenceThreads((await options.hardware.fast()).cpu.cores),
      onState: (state) => options.hub.emit('engine:state', state),
      onChunk: (chunk) => options.hub.emit('engine:stream', chunk),
      onWorkerStarted: (pid) => {
        this.unregisterWorker?.()
        this.unregisterWorker = options.monitor.registerProcess('inference', pid)
      },
      availableMemory: () => availableMemory(),
      memoryFloorBytes
    })
  }

  async load(request: LoadRequest): Promise<Awaited<ReturnType<EngineHost['load']>>> {
    const advice = await this.options.advise?.(request)
    if (advice && !advice.fits && !request.override) {
      throw new AppError({
        code: 'wont-fit',
        message: `This model will not fit in this machine's memory: ${advice.reasons.join(' ')}`,
        hint: 'Choose a smaller quantisation or context, or load it anyway (it may be very slow or fail).'
      })
    }
    const gpuLayers = request.gpuLayers ?? advice?.gpuLayers
    return this.host.load({ ...request, ...(gpuLayers !== undefined && { gpuLayers }) })
  }

  /** Settles once the worker process has exited. */
  async dispose(): Promise<void> {
    this.unregisterWorker?.()
    await this.host.dispose()
  }
}

export function engineHandlers(engine: EngineService): Pick<Handlers, 'engine:state' | 'engine:load' | 'engine:unload' | 'engine:generate' | 'engine:abort'> {
  return {
    'engine:state': () => engine.host.state,
    'engine:load': (request) => engine.load(request),
    'engine:unload': () => engine.host.unload(),
    'engine:generate': (request) => engine.host.generate(request),
    'engine:abort': ({ requestId }) => ({ aborted: engine.host.abort(requestId) })
  }
}

/**
 * llama.cpp runs best with a thread per physical core, but its threads spin: on a small machine they take the
 * core the window and the backend need, and the whole app stutters (measured here on 2 cores: a second thread made
 * generation slower and uneven). So up to 4 cores one is left free.
 */
export function inferenceThreads(physicalCores: number): number {
  return physicalCores <= 4 ? Math.max(1, physicalCores - 1) : physicalCores
}
