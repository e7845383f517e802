/**
 * Errors cross every transport as plain data: what happened, and what the user can do about it. The window says
 * each in the user's language by its `code` (and the codes it carries: fit reasons, the engine's stop reason);
 * `message` and `hint` are the backend's own English, which the CLI prints and the window keeps as details.
 */
import type { FitReason } from './fit/reasons'

export const errorCodes = [
  'bad-request',
  'unknown-request',
  'forbidden',
  'disconnected',
  'not-found',
  'io',
  'internal',
  'bad-model',
  'not-loaded',
  'busy',
  'prompt-too-long',
  'wont-fit',
  'engine-stopped',
  'licence-required',
  'token-required',
  'disk-full',
  'checksum-mismatch',
  'network',
  'hub-trouble',
  'already-installed',
  'downloading',
  'cancelled',
  'not-exaone',
  'remote-unauthorized',
  'remote-unreachable',
  'remote-timeout',
  'remote-tls',
  'remote-not-openai',
  'remote-busy',
  'remote-dropped',
  'remote-bad-response',
  'remote-insecure',
  'remote-redirect'
] as const
export type ErrorCode = (typeof errorCodes)[number]

export interface AppErrorData {
  code: ErrorCode
  message: string
  hint?: string
  /** Technical detail for bug reports ("copy details"), never shown as the main text. */
  details?: string
  /** `wont-fit`: why, as the fit advisor's reasons, so the window can say them in the user's language. */
  fitReasons?: FitReason[]
  /** `engine-stopped`: why the engine stopped, as a code the window translates. */
  stopCode?: EngineStopCode
  /** On 'busy' and 'remote-busy': when trying again makes sense (an HTTP server sends it as Retry-After). */
  retryAfterSeconds?: number
  /** `remote-*`: the remote engine's name, so the window can say whose key or address failed. */
  engineName?: string
  /** `prompt-too-long`: the context (tokens) the prompt and the room for its answer need, for a caller that can load one. */
  contextNeeded?: number
}

/** Why the inference worker stopped: the window's words for each live in its messages (`engine.stop.*`). */
export const engineStopCodes = ['hang', 'start-timeout', 'llama-check', 'out-of-memory', 'crashed', 'exit'] as const
export type EngineStopCode = (typeof engineStopCodes)[number]

/** A code stored with an older answer or sent by another version may be one this version lacks. */
export function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code)
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly hint?: string
  readonly details?: string
  readonly fitReasons?: FitReason[]
  readonly stopCode?: EngineStopCode
  readonly retryAfterSeconds?: number
  readonly engineName?: string
  readonly contextNeeded?: number

  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'AppError'
    this.code = data.code
    if (data.hint !== undefined) this.hint = data.hint
    if (data.details !== undefined) this.details = data.details
    if (data.fitReasons !== undefined) this.fitReasons = data.fitReasons
    if (data.stopCode !== undefined) this.stopCode = data.stopCode
    if (data.retryAfterSeconds !== undefined) this.retryAfterSeconds = data.retryAfterSeconds
    if (data.engineName !== undefined) this.engineName = data.engineName
    if (data.contextNeeded !== undefined) this.contextNeeded = data.contextNeeded
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.details !== undefined && { details: this.details }),
      ...(this.fitReasons !== undefined && { fitReasons: this.fitReasons }),
      ...(this.stopCode !== undefined && { stopCode: this.stopCode }),
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.engineName !== undefined && { engineName: this.engineName }),
      ...(this.contextNeeded !== undefined && { contextNeeded: this.contextNeeded })
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

/** What a request gets when the connection to the backend drops before its reply (the harness's WebSocket). */
export const disconnectedError: AppErrorData = {
  code: 'disconnected',
  message: 'Lost the connection to the EXAONE Desktop backend.',
  hint: 'It is restarting or was stopped. The request was not completed; try again in a moment.'
}
