import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { errors, request as undiciRequest, type Dispatcher } from 'undici'
import { proxyRefusalOf } from '../catalog/hugging-face-tree'
import { TransientError } from './retry-policy'

export interface HttpGetOptions {
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  signal?: AbortSignal
  /** No answer within this long counts as a stall. */
  timeoutMs: number
  /** The proxy's dispatcher from the hub options (HubOptions.dispatcher), when one is set. */
  dispatcher?: Dispatcher
}

/**
 * One request, redirects not followed: the caller decides where its headers (the token) may go next.
 * node:http rather than fetch: its stream hands over plain Buffers with less overhead at gigabytes per second.
 */
export function httpGet(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  if (options.dispatcher) return proxiedGet(url, options, options.dispatcher)
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


/**
 * The same request through a proxy: undici, whose ProxyAgent tunnels it (node:http has no proxy support). Its body
 * stream carries the status and headers the way an IncomingMessage does, which is all the callers read.
 */
async function proxiedGet(url: URL, options: HttpGetOptions, dispatcher: Dispatcher): Promise<IncomingMessage> {
  try {
    const { statusCode, headers, body } = await undiciRequest(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'exaone-desktop', ...options.headers },
      dispatcher,
      headersTimeout: options.timeoutMs,
      // Stalls in the body are the caller's watchdog's to judge, as without a proxy.
      bodyTimeout: 0,
      ...(options.signal && { signal: options.signal })
    })
    return Object.assign(body, { statusCode, headers }) as unknown as IncomingMessage
  } catch (error) {
    if (error instanceof errors.HeadersTimeoutError) throw new TransientError('stalled', `${url.host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`)
    const refusal = proxyRefusalOf(error)
    if (refusal) throw new TransientError('network', `${refusal}.`)
    throw error
  }
}
