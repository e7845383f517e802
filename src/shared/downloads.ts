/** Downloads of one model at one precision (all its file parts as one item) and the licences they need. */
import { z } from 'zod'
import { quantIds } from './catalog/quantisations'
import type { AppErrorData } from './errors'

export const QuantIdSchema = z.enum(quantIds)

/**
 * queued: waiting for a free slot · preparing: asking Hugging Face which files and commit · checking: re-reading
 * the part already on disk after a restart · downloading · retrying: a network problem, trying again soon ·
 * verifying: the last checksum and the move into place · paused · failed: needs the person (see `error`).
 */
export const DownloadState = z.enum(['queued', 'preparing', 'checking', 'downloading', 'retrying', 'verifying', 'paused', 'failed'])
export type DownloadState = z.infer<typeof DownloadState>

/** Why a download is waiting to try again; the window shows e.g. "stalled, retrying". */
export const RetryReason = z.enum(['network', 'server', 'rate-limited', 'stalled', 'link-expired'])
export type RetryReason = z.infer<typeof RetryReason>

export const DownloadItem = z.object({
  id: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  quantId: QuantIdSchema,
  state: DownloadState,
  receivedBytes: z.number().nonnegative(),
  /** null until Hugging Face has listed the files. */
  totalBytes: z.number().nonnegative().nullable(),
  fileCount: z.number().int().nonnegative(),
  /** The part being fetched, from 0. */
  fileIndex: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  secondsLeft: z.number().nonnegative().nullable(),
  retry: z.object({ reason: RetryReason, attempt: z.number().int().positive(), inSeconds: z.number().nonnegative() }).nullable(),
  error: z.custom<AppErrorData>().nullable(),
  /** Found half-done on disk when the app started: resume it or discard it. */
  interrupted: z.boolean()
})
export type DownloadItem = z.infer<typeof DownloadItem>

export const LicenceStatus = z.object({
  modelId: z.string(),
  modelName: z.string(),
  licenceName: z.string(),
  url: z.string(),
  commercialUse: z.boolean(),
  /** When the person accepted it (ISO time); null: the licence must be shown before the first download. */
  acceptedAt: z.string().nullable()
})
export type LicenceStatus = z.infer<typeof LicenceStatus>

const itemId = z.object({ id: z.string().min(1) }).strict()
const modelAndQuant = z.object({ modelId: z.string().min(1), quantId: QuantIdSchema }).strict()

export const downloadRequests = {
  'downloads:list': { args: z.object({}).strict(), result: z.array(DownloadItem) },
  /** Fails with code `licence-required` until `licences:accept` was called for the model. */
  'downloads:start': { args: modelAndQuant, result: DownloadItem },
  'downloads:pause': { args: itemId, result: DownloadItem },
  /** Also retries a failed item and continues an interrupted one. */
  'downloads:resume': { args: itemId, result: DownloadItem },
  /** Stops the item and deletes its partial files. */
  'downloads:cancel': { args: itemId, result: z.object({}) },
  'licences:get': { args: z.object({ modelId: z.string().min(1) }).strict(), result: LicenceStatus },
  'licences:accept': { args: z.object({ modelId: z.string().min(1) }).strict(), result: LicenceStatus }
} as const

export const downloadEvents = {
  /** Every item, at most about four times a second. */
  'downloads:changed': z.array(DownloadItem)
} as const
