/**
 * One item of the queue (a model at one precision, every file part) from plan to installed file:
 * plan at a pinned commit, fetch each part with retries, verify its sha256, rename it into place, record it.
 *
 * Why not node-llama-cpp's downloader or ipull (both installed): ipull writes several ranges of a file at once,
 * out of order, so no sha256 can be computed while downloading (it has no checksum support at all); it follows
 * redirects itself, so it cannot ask for a fresh signed link when one expires; and it has no stall detection.
 * The part they would do for us (an HTTP range request into a file) is the small part of this.
 */
import { createHash } from 'node:crypto'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { requireModelById } from '../../../shared/catalog/lookup'
import { models } from '../../../shared/catalog/models'
import type { DownloadItem } from '../../../shared/downloads'
import { AppError, toErrorData } from '../../../shared/errors'
import { diskSpace, ensureDiskSpace, notEnoughDisk } from '../library/disk-space'
import { syncFile, syncFolder } from '../../durable-files'
import type { LibraryService } from '../library/library-service'
import type { ModelsFolder } from '../library/models-folder'
import { hashFileInto } from '../library/sha256-file'
import { fetchRest, type FetchContext, type PartProgress } from './fetch-part'
import { planDownload, type HubSource, type PlannedFile } from './hub-source'
import { lockItem } from './item-lock'
import { itemId, trustedLength, type ResumeState, type ResumeStates } from './resume-state'
import { TransientError, withRetries, type RetryPolicy } from './retry-policy'
import { SpeedMeter } from './speed-meter'

export interface JobSettings {
  folder: ModelsFolder
  states: ResumeStates
  library: LibraryService
  hubSource(): Promise<HubSource>
  retry: RetryPolicy
  /** No bytes for this long: abort and retry ("stalled, retrying"). */
  stallMs: number
  /** How often the part is fsync'd and the resume state saved while bytes flow. */
  checkpointMs: number
  changed(urgent: boolean): void
}

export type Outcome = 'installed' | 'paused' | 'cancelled' | 'failed'
type StopReason = 'pause' | 'cancel'

export class DownloadJob {
  private readonly parts = new Map<string, PartProgress>()
  private readonly meter = new SpeedMeter()
  private controller: AbortController | null = null
  private running: Promise<Outcome> | null = null

  constructor(
    readonly item: DownloadItem,
    private resume: ResumeState | null,
    private readonly settings: JobSettings
  ) {}

  get isRunning(): boolean {
    return this.running !== null
  }

  /** The plan and what is finished, or null before Hugging Face was asked. */
  get plan(): ResumeState | null {
    return this.resume
  }

  /** Runs until the item is installed, paused, cancelled or failed; never rejects. */
  run(): Promise<Outcome> {
    const controller = new AbortController()
    this.controller = controller
    this.item.error = null
    this.item.interrupted = false
    this.running = this.work(controller.signal)
      .then((): Outcome => 'installed')
      .catch((error: unknown) => this.settle(error, controller.signal))
      .finally(() => {
        this.running = null
        this.controller = null
        this.meter.reset()
      })
    return this.running
  }

  async stop(reason: StopReason): Promise<void> {
    this.controller?.abort(reason)
    await this.running
  }

  private async work(signal: AbortSignal): Promise<void> {
    const entry = requireModelById(models, this.item.modelId)
    const what = `${entry.name} ${this.item.quantId}`
    await mkdir(this.settings.folder.downloadsFolder, { recursive: true })
    const unlock = await lockItem(`${this.settings.states.path(this.item.id)}.lock`, what)
    try {
      this.resume ??= await this.retrying(signal, () => this.prepare(signal))
      const resume = this.resume
      this.item.totalBytes = resume.files.reduce((total, file) => total + file.sizeBytes, 0)
      this.item.fileCount = resume.files.length
      await ensureDiskSpace(this.settings.folder.path, await this.bytesStillNeeded(resume))
      for (const [index, file] of resume.files.entries()) {
        if (resume.done.includes(file.name)) continue
        this.item.fileIndex = index
        const part = await this.fetchFile(resume, file, signal)
        await this.putInPlace(resume, file, part, signal)
      }
      this.setState('verifying')
      await this.settings.library.install({
        modelId: this.item.modelId,
        quantId: this.item.quantId,
        files: resume.files,
        source: 'download',
        revision: resume.revision,
        officialChecksum: true,
        check: 'verified'
      })
      await this.settings.states.remove(this.item.id)
    } finally {
      await unlock()
    }
  }

  private async prepare(signal: AbortSignal): Promise<ResumeState> {
    this.setState('preparing')
    const plan = await planDownload(await this.settings.hubSource(), requireModelById(models, this.item.modelId), this.item.quantId, this.settings.stallMs).catch((error: unknown) => {
      // The listing's own "could not reach Hugging Face" is worth another try like any network error.
      throw error instanceof AppError && error.code === 'io' ? new TransientError('network', error.message) : error
    })
    signal.throwIfAborted()
    for (const file of plan.files) this.settings.folder.file(file.name)
    const resume: ResumeState = { version: 1, modelId: this.item.modelId, quantId: this.item.quantId, ...plan, done: [], durable: null, savedAt: '' }
    await this.settings.states.save(resume)
    return resume
  }

  private async fetchFile(resume: ResumeState, file: PlannedFile, signal: AbortSignal): Promise<PartProgress> {
    const part = await this.partOnDisk(resume, file)
    const source = await this.settings.hubSource()
    const context: FetchContext = {
      source,
      repo: resume.repo,
      resolveUrl: source.resolveUrl(resume.repo, resume.revision, file.name),
      signedUrl: null,
      signal,
      stallMs: this.settings.stallMs,
      checkpointMs: this.settings.checkpointMs,
      onBytes: (count) => {
        this.meter.add(count)
        this.progress(resume, part)
      },
      onCheckpoint: (bytes) => this.saveDurable(resume, file.name, bytes)
    }
    await this.retrying(signal, async () => {
      if (!part.hash) await this.rehash(part, signal)
      if (part.bytes >= part.sizeBytes) return
      this.setState('downloading')
      try {
        await fetchRest(part, context)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
          throw notEnoughDisk(await this.bytesStillNeeded(resume), await diskSpace(this.settings.folder.path))
        }
        throw error
      } finally {
        this.progress(resume, part)
        if (part.hash) await syncFile(part.path).then(() => this.saveDurable(resume, file.name, part.bytes), () => undefined)
      }
    }, () => part.bytes)
    if (!part.hash) await this.rehash(part, signal)
    return part
  }

  private retrying<T>(signal: AbortSignal, attempt: () => Promise<T>, progressMark?: () => number): Promise<T> {
    return withRetries(this.settings.retry, signal, attempt, {
      ...(progressMark && { progressMark }),
      waiting: (reason, attemptNumber, delayMs) => {
        this.item.retry = { reason, attempt: attemptNumber, inSeconds: Math.round(delayMs / 100) / 10 }
        this.setState('retrying')
        this.meter.reset()
      },
      resumed: () => (this.item.retry = null)
    })
  }

  private async partOnDisk(resume: ResumeState, file: PlannedFile): Promise<PartProgress> {
    const known = this.parts.get(file.name)
    if (known) return known
    const path = this.settings.folder.part(file.name)
    const length = await stat(path).then((info) => info.size, () => 0)
    const bytes = length > file.sizeBytes ? 0 : trustedLength(resume, file.name, length)
    const part: PartProgress = { path, name: file.name, sizeBytes: file.sizeBytes, bytes, hash: null }
    this.parts.set(file.name, part)
    return part
  }

  /** Rebuilds the running sha256 from the bytes on disk (see resume-state.ts for why it is not saved). */
  private async rehash(part: PartProgress, signal: AbortSignal): Promise<void> {
    part.bytes = Math.min(part.bytes, await stat(part.path).then((info) => info.size, () => 0))
    if (part.bytes > 0) this.setState('checking')
    const hash = createHash('sha256')
    await hashFileInto(hash, part.path, part.bytes, signal)
    part.hash = hash
  }

  private async putInPlace(resume: ResumeState, file: PlannedFile, part: PartProgress, signal: AbortSignal): Promise<void> {
    this.setState('verifying')
    const actual = part.hash?.digest('hex')
    this.parts.delete(file.name)
    if (actual !== file.sha256) {
      await rm(part.path, { force: true })
      throw new AppError({
        code: 'checksum-mismatch',
        message: `${file.name} arrived damaged: its sha256 is ${actual?.slice(0, 12)}…, Hugging Face lists ${file.sha256.slice(0, 12)}…. Nothing was installed.`,
        hint: 'The damaged part was deleted. Press Retry to fetch it again; if it happens again, the mirror (HF_ENDPOINT) may serve another file.'
      })
    }
    signal.throwIfAborted()
    await syncFile(part.path)
    await rename(part.path, this.settings.folder.file(file.name))
    await syncFolder(this.settings.folder.path)
    resume.done.push(file.name)
    resume.durable = null
    await this.settings.states.save(resume)
  }

  private async saveDurable(resume: ResumeState, name: string, bytes: number): Promise<void> {
    resume.durable = { name, bytes }
    await this.settings.states.save(resume)
  }

  private async bytesStillNeeded(resume: ResumeState): Promise<number> {
    let needed = 0
    for (const file of resume.files) {
      if (resume.done.includes(file.name)) continue
      const onDisk = await stat(this.settings.folder.part(file.name)).then((info) => info.size, () => 0)
      needed += Math.max(0, file.sizeBytes - onDisk)
    }
    return needed
  }

  private progress(resume: ResumeState, current: PartProgress): void {
    const done = resume.files.filter((file) => resume.done.includes(file.name)).reduce((total, file) => total + file.sizeBytes, 0)
    this.item.receivedBytes = done + current.bytes
    const speed = this.meter.bytesPerSecond()
    this.item.bytesPerSecond = speed
    this.item.secondsLeft = speed && this.item.totalBytes !== null ? Math.max(0, this.item.totalBytes - this.item.receivedBytes) / speed : null
    this.settings.changed(false)
  }

  private setState(state: DownloadItem['state']): void {
    if (this.item.state === state) return
    this.item.state = state
    if (state !== 'downloading') {
      this.item.bytesPerSecond = null
      this.item.secondsLeft = null
    }
    this.settings.changed(true)
  }

  private settle(error: unknown, signal: AbortSignal): Outcome {
    this.item.retry = null
    if (signal.aborted) {
      const reason = signal.reason as StopReason
      this.setState('paused')
      return reason === 'cancel' ? 'cancelled' : 'paused'
    }
    this.item.error = toErrorData(error)
    this.setState('failed')
    return 'failed'
  }
}

export function newItem(modelId: string, modelName: string, quantId: DownloadItem['quantId'], interrupted: boolean): DownloadItem {
  return {
    id: itemId(modelId, quantId),
    modelId,
    modelName,
    quantId,
    state: 'queued',
    receivedBytes: 0,
    totalBytes: null,
    fileCount: 0,
    fileIndex: 0,
    bytesPerSecond: null,
    secondsLeft: null,
    retry: null,
    error: null,
    interrupted
  }
}
