import { setTimeout as sleep } from 'node:timers/promises'
import type { RetryReason } from '../../../shared/downloads'
import { AppError } from '../../../shared/errors'

/** A failure worth another try: the network, the server's own trouble, a rate limit, a stall, an expired link. */
export class TransientError extends Error {
  constructor(
    readonly reason: RetryReason,
    message: string,
    /** From the server's Retry-After header. */
    readonly retryAfterMs?: number
  ) {
    super(message)
    this.name = 'TransientError'
  }
}

export interface RetryPolicy {
  baseDelayMs: number
  maxDelayMs: number
  /** Tries in a row that fetch nothing before the download is marked failed. */
  maxAttempts: number
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 8 }

/** The longest Retry-After honoured; a server asking for more is treated as asking for this. */
const longestServerWaitMs = 10 * 60_000

/**
 * Exponential backoff with "equal jitter": the wait doubles each time, and half of it is random so that many
 * clients cut off together do not come back together. A server's Retry-After wins.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, longestServerWaitMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return ceiling / 2 + (random() * ceiling) / 2
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const networkCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH',
  'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ECONNCLOSED'
])

/** Network errors become TransientError; anything else is returned as it was. */
export function asTransient(error: unknown): unknown {
  if (error instanceof TransientError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  const message = (error as Error | null)?.message ?? ''
  if ((code && networkCodes.has(code)) || message === 'aborted' || /socket hang up/.test(message)) {
    return new TransientError('network', `The connection broke (${code ?? message}).`)
  }
  return error
}

/** 408, 429 and 5xx are the server's passing trouble; other statuses are not retried. */
export function transientStatus(status: number, retryAfter: string | string[] | undefined): TransientError | null {
  if (status === 429) return new TransientError('rate-limited', 'Hugging Face asked to slow down (429).', parseRetryAfter(retryAfter))
  if (status === 408 || status >= 500) return new TransientError('server', `The server had a problem (${status}).`, parseRetryAfter(retryAfter))
  return null
}

export interface RetryHooks {
  /** Bytes fetched so far: an attempt that moved it forward resets the count of failures. */
  progressMark?: () => number
  waiting(reason: RetryReason, attempt: number, delayMs: number): void
  resumed(): void
}

/** Expired links are renewed at once this many times in a row before they count as a server problem. */
const immediateRenewals = 3

/**
 * Calls `attempt` until it succeeds. Transient failures wait with backoff; the count starts again whenever an
 * attempt fetched something, so a long download survives many short outages. Other errors end it.
 */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal, attempt: () => Promise<T>, hooks: RetryHooks): Promise<T> {
  const progressMark = hooks.progressMark ?? (() => 0)
  let failures = 0
  let renewals = 0
  for (;;) {
    const before = progressMark()
    try {
      return await attempt()
    } catch (caught) {
      signal.throwIfAborted()
      const error = asTransient(caught)
      if (!(error instanceof TransientError)) throw error
      failures = progressMark() > before ? 1 : failures + 1
      renewals = error.reason === 'link-expired' ? renewals + 1 : 0
      if (renewals > 0 && renewals <= immediateRenewals) continue
      if (failures > policy.maxAttempts) {
        // A server that kept answering with errors was reached: the trouble is on its side, not the connection.
        const answered = error.reason === 'server' || error.reason === 'rate-limited'
        throw new AppError({
          code: answered ? 'hub-trouble' : 'network',
          message: `Gave up after ${failures - 1} retries: ${error.message}`,
          hint: answered
            ? 'Press Retry later, or try another mirror in Settings: the download carries on from where it stopped.'
            : 'Check the connection, then press Retry: the download carries on from where it stopped.'
        })
      }
      const delay = retryDelayMs(policy, failures, error.retryAfterMs)
      hooks.waiting(error.reason, failures, delay)
      await sleep(delay, undefined, { signal })
      hooks.resumed()
    }
  }
}
