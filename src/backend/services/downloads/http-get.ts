import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { TransientError } from './retry-policy'

export interface HttpGetOptions {
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  signal?: AbortSignal
  /** No answer within this long counts as a stall. */
  timeoutMs: number
}

/**
 * One request, redirects not followed: the caller decides where its headers (the token) may go next.
 * node:http rather than fetch: its stream hands over plain Buffers with less overhead at gigabytes per second.
 */
export function httpGet(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'exaone-desktop', ...options.headers },
      ...(options.signal && { signal: options.signal })
    })
    const timer = setTimeout(() => {
      request.destroy(new TransientError('stalled', `${url.host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`))
    }, options.timeoutMs)
    request.once('response', (response) => {
      clearTimeout(timer)
      resolve(response)
    })
    request.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    request.end()
  })
}

