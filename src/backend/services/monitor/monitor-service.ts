import type { HardwareProbe } from '../../../shared/hardware'
import type { MonitorHistory, MonitorTick, ProcessRole } from '../../../shared/monitor'
import { monitorTiming } from '../../../shared/monitor-plain'
import type { Handlers } from '../../dispatcher'
import type { EventHub } from '../../event-hub'
import { ProcessRegistry, type AppProcesses } from './process-memory'
import { createSystemSampler, type Sampler } from './sampler'

export interface MonitorOptions {
  intervalMs?: number
  /** How much history `monitor:history` keeps. */
  windowMs?: number
  now?: () => number
  /** Replaces the real sampler (tests, benchmarks). */
  createSampler?: (processes: ProcessRegistry, intervalMs: number) => Sampler
  /** Every process of the app with its memory, where the host can tell (Electron: app.getAppMetrics). */
  appProcesses?: () => AppProcesses
}

/**
 * Samples memory, CPU and VRAM once a second, but only while `monitor:tick` has a listener: the hub starts
 * it with the first subscriber and stops it with the last, so a hidden window costs nothing.
 */
export class MonitorService {
  readonly intervalMs: number
  readonly windowMs: number
  private readonly now: () => number
  private readonly createSampler: NonNullable<MonitorOptions['createSampler']>
  private readonly processes: ProcessRegistry
  private readonly ticks: MonitorTick[] = []
  private seq = 0
  private stopSampling: (() => void) | null = null

  constructor(
    private readonly hub: EventHub,
    private readonly hardware: { latest(): HardwareProbe | null },
    options: MonitorOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? monitorTiming.intervalMs
    this.windowMs = options.windowMs ?? monitorTiming.windowMs
    this.now = options.now ?? Date.now
    this.createSampler = options.createSampler ?? createSystemSampler
    this.processes = new ProcessRegistry(options.appProcesses)
    hub.whileObserved('monitor:tick', () => this.start())
  }

  /** Counts another of this app's processes (the inference worker, the renderer) in the app's memory. */
  registerProcess(role: Exclude<ProcessRole, 'main'>, pid: number): () => void {
    return this.processes.register(role, pid)
  }

  history(): MonitorHistory {
    this.forgetOld()
    return { intervalMs: this.intervalMs, windowMs: this.windowMs, ticks: [...this.ticks] }
  }

  dispose(): void {
    this.stopSampling?.()
  }

  private start(): () => void {
    const sampler = this.createSampler(this.processes, this.intervalMs)
    let stopped = false
    let busy = false
    const sample = (): void => {
      // A slow read (a busy disk) skips a tick rather than piling reads up.
      if (busy) return
      busy = true
      const at = this.now()
      sampler
        .sample(this.hardware.latest()?.gpus ?? [])
        .then((reading) => {
          if (!stopped) this.record({ seq: this.seq++, at, ...reading })
        })
        .catch((error: unknown) => console.error('Sampling memory failed:', error))
        .finally(() => {
          busy = false
        })
    }
    // The first reading at once: the window's status bar shows it, and a second's wait was most of its start.
    sample()
    const timer = setInterval(sample, this.intervalMs)
    const stop = (): void => {
      stopped = true
      clearInterval(timer)
      sampler.stop()
      this.stopSampling = null
    }
    this.stopSampling = stop
    return stop
  }

  private record(tick: MonitorTick): void {
    this.ticks.push(tick)
    this.forgetOld()
    this.hub.emit('monitor:tick', tick)
  }

  private forgetOld(): void {
    const oldest = this.now() - this.windowMs
    const keepFrom = this.ticks.findIndex((tick) => tick.at > oldest)
    this.ticks.splice(0, keepFrom === -1 ? this.ticks.length : keepFrom)
  }
}

export function monitorHandlers(monitor: MonitorService): Pick<Handlers, 'monitor:history'> {
  return {
    'monitor:history': () => monitor.history()
  }
}
