import type { HardwareProbe } from '../../../shared/hardware'
import type { Handlers } from '../../dispatcher'
import type { EventHub } from '../../event-hub'
import { probeFast, readDisk } from './fast-probe'
import { probeFull } from './full-probe'

/**
 * The machine's hardware for the window and the CLI. The slow sources never hold up an answer: `probe()`
 * answers from the fast ones while the full probe runs, and `hardware:updated` brings the full one. The full
 * probe is kept, so later calls answer complete at once until a refresh.
 */
export class HardwareService {
  private full: HardwareProbe | null = null
  private running: Promise<HardwareProbe> | null = null
  private readonly disposed = new AbortController()

  constructor(
    private modelsDir: string,
    private readonly hub: EventHub,
    /** Ends its process when `signal` aborts (dispose). */
    private readonly probeSlow: (modelsDir: string, signal: AbortSignal) => Promise<HardwareProbe> = (modelsDir, signal) => probeFull(modelsDir, undefined, signal),
    /** The full probe that an answer starts waits for this: the calls being answered (CallTracker). */
    private readonly callsAnswered: () => Promise<void> = () => Promise.resolve()
  ) {}

  async probe(refresh = false): Promise<HardwareProbe> {
    if (this.full && !refresh) return this.full
    const fast = await probeFast(this.modelsDir)
    this.callsAnswered()
      .then(() => this.complete(refresh))
      .catch((error: unknown) => console.error('The full hardware probe failed:', error))
    // While a refresh runs, the GPUs found last time are a better answer than none.
    return this.full ? { ...fast, gpus: this.full.gpus, llamaCpp: this.full.llamaCpp } : fast
  }

  /** The full probe, waiting for it if needed; one runs at a time, however many ask. */
  complete(refresh = false): Promise<HardwareProbe> {
    if (this.full && !refresh && !this.running) return Promise.resolve(this.full)
    this.running ??= this.probeSlow(this.modelsDir, this.disposed.signal)
      .then((probe) => {
        if (this.disposed.signal.aborted) return probe
        this.full = probe
        this.hub.emit('hardware:updated', probe)
        return probe
      })
      .finally(() => {
        this.running = null
      })
    return this.running
  }

  /** Only what the OS tells at once (CPU, RAM, disk): for callers that need no GPU facts. */
  fast(): Promise<HardwareProbe> {
    return probeFast(this.modelsDir)
  }

  /** The models folder moved: the free disk shown follows it at once, without a new probe of the GPUs. */
  async modelsFolderMoved(path: string): Promise<void> {
    if (path === this.modelsDir) return
    this.modelsDir = path
    const disk = await readDisk(path)
    if (!this.full || this.modelsDir !== path) return
    this.full = { ...this.full, disk }
    this.hub.emit('hardware:updated', this.full)
  }

  /** Ends a full probe's process that is still running. */
  dispose(): void {
    this.disposed.abort()
  }

  /** The last full probe, if one finished. */
  latest(): HardwareProbe | null {
    return this.full
  }
}

export function hardwareHandlers(hardware: HardwareService): Pick<Handlers, 'hardware:probe'> {
  return {
    'hardware:probe': ({ refresh }) => hardware.probe(refresh ?? false)
  }
}
