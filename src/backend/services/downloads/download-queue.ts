/**
 * The download queue: a few items at once, the rest waiting; pause, resume, cancel; half-done downloads found on
 * disk at start come back as interrupted items. The window sees the whole list, at most about four times a second.
 */
import { rm, stat } from 'node:fs/promises'
import { modelById, requireModelById } from '../../../shared/catalog/lookup'
import { models } from '../../../shared/catalog/models'
import type { QuantId } from '../../../shared/catalog/quantisations'
import type { DownloadItem } from '../../../shared/downloads'
import { AppError, type AppErrorData } from '../../../shared/errors'
import type { EventHub } from '../../event-hub'
import type { LibraryService } from '../library/library-service'
import type { ModelsFolder } from '../library/models-folder'
import type { HubOptions } from '../catalog/hugging-face-tree'
import { DownloadJob, newItem, type Outcome } from './download-job'
import { HubSource } from './hub-source'
import type { LicenceStore } from './licence-store'
import { itemId, ResumeStates, type ResumeState } from './resume-state'
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy'

export interface DownloadQueueOptions {
  folder: ModelsFolder
  library: LibraryService
  licences: LicenceStore
  /** Read at each start, so a token pasted in Settings applies to the next download. */
  hubOptions(): Promise<HubOptions>
  events?: EventHub
  /** Items fetched at once (default 2). */
  concurrency?: number
  retry?: RetryPolicy
  stallMs?: number
  checkpointMs?: number
  progressIntervalMs?: number
}

interface Waiter {
  resolve(): void
  reject(error: AppError): void
}

export class DownloadQueue {
  private readonly jobs = new Map<string, DownloadJob>()
  private readonly waiters = new Map<string, Waiter[]>()
  private readonly states: ResumeStates
  private emitTimer: NodeJS.Timeout | null = null
  private lastEmitAt = 0

  private constructor(private readonly options: DownloadQueueOptions) {
    this.states = new ResumeStates(() => options.folder.downloadsFolder)
  }

  static async open(options: DownloadQueueOptions): Promise<DownloadQueue> {
    const queue = new DownloadQueue(options)
    await queue.loadInterrupted()
    return queue
  }

  list(): DownloadItem[] {
    return [...this.jobs.values()].map((job) => ({ ...job.item }))
  }

  /** True while any item is fetching or about to (the models folder must not move then). */
  get busy(): boolean {
    return [...this.jobs.values()].some((job) => job.isRunning)
  }

  async start(modelId: string, quantId: QuantId): Promise<DownloadItem> {
    const entry = requireModelById(models, modelId)
    await this.options.licences.requireAccepted(modelId)
    const existing = this.jobs.get(itemId(modelId, quantId))
    if (existing) return existing.isRunning || existing.item.state === 'queued' ? { ...existing.item } : this.resume(existing.item.id)
    if (await this.options.library.find(modelId, quantId)) {
      throw new AppError({ code: 'already-installed', message: `${entry.name} ${quantId} is already installed.`, hint: 'Find it in the Library.' })
    }
    const job = this.makeJob(newItem(modelId, entry.name, quantId, false), null)
    this.jobs.set(job.item.id, job)
    this.changed(true)
    this.pump()
    return { ...job.item }
  }

  async pause(id: string): Promise<DownloadItem> {
    const job = this.job(id)
    if (job.item.state === 'queued') job.item.state = 'paused'
    await job.stop('pause')
    this.changed(true)
    return { ...job.item }
  }

  /** Continues a paused or interrupted item and retries a failed one. */
  resume(id: string): DownloadItem {
    const job = this.job(id)
    if (!job.isRunning && job.item.state !== 'queued') {
      job.item.state = 'queued'
      job.item.error = null
      this.changed(true)
      this.pump()
    }
    return { ...job.item }
  }

  /** Stops the item and deletes every file it wrote: its parts, the parts already finished, its resume state. */
  async cancel(id: string): Promise<void> {
    const job = this.job(id)
    this.jobs.delete(id)
    await job.stop('cancel')
    const resume = job.plan ?? null
    for (const file of resume?.files ?? []) {
      const path = this.options.folder.file(file.name)
      await rm(this.options.folder.part(file.name), { force: true })
      if (resume?.done.includes(file.name)) await rm(path, { force: true })
    }
    // The state goes last: a crash before this leaves a resumable item, never parts nobody knows about.
    await this.states.remove(id)
    this.settle(id, 'cancelled', { code: 'not-found', message: 'The download was cancelled.' })
    this.changed(true)
    this.pump()
  }

  /** Resolves once the item is installed; rejects when it fails or is cancelled (the command line waits here). */
  finished(id: string): Promise<void> {
    const { error } = this.job(id).item
    if (error) return Promise.reject(new AppError(error))
    return new Promise((resolve, reject) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), { resolve, reject }]))
  }

  /** Pauses everything (quitting): the items come back as interrupted next time. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.stop('pause')))
    if (this.emitTimer) clearTimeout(this.emitTimer)
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2
    let running = [...this.jobs.values()].filter((job) => job.isRunning).length
    for (const job of this.jobs.values()) {
      if (running >= limit) break
      if (job.isRunning || job.item.state !== 'queued') continue
      running++
      void job.run().then((outcome) => this.finish(job, outcome))
    }
  }

  private async finish(job: DownloadJob, outcome: Outcome): Promise<void> {
    if (outcome === 'installed') {
      this.jobs.delete(job.item.id)
      this.settle(job.item.id, outcome)
    } else if (outcome === 'failed' && job.item.error) {
      this.settle(job.item.id, outcome, job.item.error)
    }
    this.changed(true)
    this.pump()
  }

  private settle(id: string, outcome: Outcome, error?: AppErrorData): void {
    const waiters = this.waiters.get(id) ?? []
    this.waiters.delete(id)
    for (const waiter of waiters) {
      if (outcome === 'installed') waiter.resolve()
      else waiter.reject(new AppError(error ?? { code: 'internal', message: 'The download stopped.' }))
    }
  }

  private async loadInterrupted(): Promise<void> {
    for (const resume of await this.states.all()) {
      const id = itemId(resume.modelId, resume.quantId)
      const entry = modelById(models, resume.modelId)
      if (!entry) continue
      if (await this.options.library.find(resume.modelId, resume.quantId)) {
        // Installed just before a crash took away the chance to tidy up.
        await this.states.remove(id)
        continue
      }
      const item = newItem(resume.modelId, entry.name, resume.quantId, true)
      Object.assign(item, { state: 'paused', ...(await this.bytesOnDisk(resume)) })
      this.jobs.set(id, this.makeJob(item, resume))
    }
  }

  private async bytesOnDisk(resume: ResumeState): Promise<Pick<DownloadItem, 'receivedBytes' | 'totalBytes' | 'fileCount'>> {
    let receivedBytes = 0
    for (const file of resume.files) {
      if (resume.done.includes(file.name)) receivedBytes += file.sizeBytes
      else receivedBytes += await stat(this.options.folder.part(file.name)).then((info) => Math.min(info.size, file.sizeBytes), () => 0)
    }
    return { receivedBytes, totalBytes: resume.files.reduce((total, file) => total + file.sizeBytes, 0), fileCount: resume.files.length }
  }

  private makeJob(item: DownloadItem, resume: ResumeState | null): DownloadJob {
    const { options } = this
    return new DownloadJob(item, resume, {
      folder: options.folder,
      states: this.states,
      library: options.library,
      hubSource: async () => new HubSource(await options.hubOptions()),
      retry: options.retry ?? defaultRetryPolicy,
      stallMs: options.stallMs ?? 30_000,
      // Each second's bytes go to the disk while the next arrive, so the fsync before the rename is short.
      checkpointMs: options.checkpointMs ?? 1_000,
      changed: (urgent) => this.changed(urgent)
    })
  }

  private job(id: string): DownloadJob {
    const job = this.jobs.get(id)
    if (job) return job
    throw new AppError({ code: 'not-found', message: `There is no download "${id}".`, hint: 'It may have finished or been cancelled; see the Library.' })
  }

  /** State changes go out at once; byte counts at most every `progressIntervalMs` (250 ms). */
  private changed(urgent: boolean): void {
    const events = this.options.events
    if (!events) return
    const interval = this.options.progressIntervalMs ?? 250
    const wait = urgent ? 0 : Math.max(0, this.lastEmitAt + interval - Date.now())
    if (wait > 0) {
      this.emitTimer ??= setTimeout(() => this.changed(true), wait).unref()
      return
    }
    if (this.emitTimer) clearTimeout(this.emitTimer)
    this.emitTimer = null
    this.lastEmitAt = Date.now()
    events.emit('downloads:changed', this.list())
  }
}
