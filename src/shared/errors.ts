/** Errors cross every transport as plain data: what happened, and what the user can do about it. */
export type ErrorCode =
  | 'bad-request'
  | 'unknown-request'
  | 'forbidden'
  | 'disconnected'
  | 'not-found'
  | 'io'
  | 'internal'
  // The inference engine:
  | 'bad-model'
  | 'not-loaded'
  | 'busy'
  | 'prompt-too-long'
  | 'wont-fit'
  | 'engine-stopped'
  // Downloads and the library:
  | 'licence-required'
  | 'token-required'
  | 'disk-full'
  | 'checksum-mismatch'
  | 'network'
  | 'already-installed'

export interface AppErrorData {
  code: ErrorCode
  message: string
  hint?: string
  /** Technical detail for bug reports ("copy details"), never shown as the main text. */
  details?: string
  /** On 'busy': when trying again makes sense (an HTTP server sends it as Retry-After). */
  retryAfterSeconds?: number
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly hint?: string
  readonly details?: string
  readonly retryAfterSeconds?: number

  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'AppError'
    this.code = data.code
    if (data.hint !== undefined) this.hint = data.hint
    if (data.details !== undefined) this.details = data.details
    if (data.retryAfterSeconds !== undefined) this.retryAfterSeconds = data.retryAfterSeconds
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.details !== undefined && { details: this.details }),
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds })
    }
  }
}

/** The model is writing an answer, and it writes one at a time: what a second load, unload or question gets. */
export function stillAnswering(): AppError {
  return new AppError({ code: 'busy', message: 'The model is still answering.', hint: 'Wait for the answer, or stop it first.' })
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData()
  const details = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return {
    code: 'internal',
    message: 'Something went wrong inside EXAONE Desktop.',
    hint: 'Try again. If it keeps happening, copy the details into a bug report.',
    details
  }
}
