/**
 * Talking HTTP to a remote OpenAI-compatible server, and saying in words what went wrong. undici (not the global
 * fetch) because its time-outs can be set per agent: a stream waits as long as a long prefill takes (headers and
 * body time-outs off), while the test and the model list are bounded. Redirects are never followed to another
 * origin, so the key goes only where the user sent it.
 */
import { Agent, request, type Dispatcher } from 'undici'
import { AppError, type AppErrorData } from '../../../shared/errors'
import { parseRetryAfter } from '../downloads/retry-policy'

export interface RemoteTarget {
  /** The engine's name, for the errors ("gpu-box refused the key"). */
  name: string
  /** Normalised: no trailing slash, ending in the API's base path (usually /v1). */
  baseUrl: string
  apiKey?: string | undefined
  allowInsecureHttp: boolean
}

export interface RemoteTimeouts {
  /** To open the TCP (and TLS) connection. */
  connectMs: number
  /** The whole test or model list, headers and body. */
  listMs: number
}

export const defaultRemoteTimeouts: RemoteTimeouts = { connectMs: 10_000, listMs: 15_000 }

/** The two agents: bounded for short calls, unbounded for answers (a 32B prefill can be silent for minutes). */
export interface RemoteAgents {
  list: Agent
  stream: Agent
  close(): Promise<void>
}

export function remoteAgents(timeouts: RemoteTimeouts): RemoteAgents {
  const connect = { timeout: timeouts.connectMs }
  const list = new Agent({ connect, headersTimeout: timeouts.listMs, bodyTimeout: timeouts.listMs })
  const stream = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 })
  return { list, stream, close: async () => void (await Promise.all([list.close(), stream.close()])) }
}

/** "http://gpu-box:8000/" → "http://gpu-box:8000/v1"; a path that is given is kept (hosted APIs have their own). */
export function normaliseBaseUrl(address: string): string {
  const url = new URL(address.trim())
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path === '' ? '/v1' : path}`
}

/** This machine: `localhost`, 127.0.0.0/8 and ::1. Anything else is reached over a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** Plain http to another machine sends the key and the chat unencrypted: only once the user has said yes. */
export function checkTransport(target: RemoteTarget): void {
  const url = new URL(target.baseUrl)
  if (url.protocol === 'https:' || isLoopbackHost(url.hostname) || target.allowInsecureHttp) return
  throw new AppError({
    code: 'remote-insecure',
    engineName: target.name,
    message: `${url.host} is another machine reached over plain http: the API key and every message would travel unencrypted.`,
    hint: 'Use https:// if the server has it, or confirm plain http (allowInsecureHttp; the CLI\'s --allow-insecure-http) for a network you trust.'
  })
}

export interface RemoteResponse {
  status: number
  headers: Dispatcher.ResponseData['headers']
  body: Dispatcher.ResponseData['body']
}

/**
 * One request to `<baseUrl><path>`. Same-origin redirects are followed (a few); one to another origin is refused
 * before anything is sent there. Network failures become AppErrors in words; HTTP statuses are the caller's.
 */
export async function remoteRequest(
  target: RemoteTarget,
  path: string,
  options: { method: 'GET' | 'POST'; body?: string; agent: Agent; signal?: AbortSignal; timeouts: RemoteTimeouts }
): Promise<RemoteResponse> {
  checkTransport(target)
  let url = new URL(target.baseUrl + path)
  const origin = url.origin
  for (let hop = 0; ; hop++) {
    let response: Dispatcher.ResponseData
    try {
      response = await request(url, {
        method: options.method,
        dispatcher: options.agent,
        headers: {
          accept: options.body === undefined ? 'application/json' : 'text/event-stream, application/json',
          ...(options.body !== undefined && { 'content-type': 'application/json' }),
          ...(target.apiKey && { authorization: `Bearer ${target.apiKey}` })
        },
        ...(options.body !== undefined && { body: options.body }),
        ...(options.signal && { signal: options.signal })
      })
    } catch (error) {
      throw networkError(error, target, options.timeouts)
    }
    const location = response.headers.location
    if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string') return toResponse(response)
    response.body.resume()
    const next = new URL(location, url)
    if (next.origin !== origin) {
      throw new AppError({
        code: 'remote-redirect',
        engineName: target.name,
        message: `${url.host} sent the request on to ${next.origin}, another server; it was not followed, so the key stayed here.`,
        hint: `If ${next.origin} is the real address of the API, use it as the engine's address.`
      })
    }
    // A POST is not replayed on a redirect that turns it into a GET (301-303), as browsers do: that would lose it.
    if (hop >= 3 || (options.method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)) {
      throw httpError(target, response.statusCode, `It redirects to ${next.pathname}.`)
    }
    url = next
  }
}

function toResponse(response: Dispatcher.ResponseData): RemoteResponse {
  return { status: response.statusCode, headers: response.headers, body: response.body }
}

/** The Node and undici error codes a failed request carries, in words with the fix. */
export function describeNetworkError(code: string | undefined, host: string, timeouts: RemoteTimeouts): Omit<AppErrorData, 'engineName' | 'details'> {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`
  switch (code) {
    case 'ECONNREFUSED':
      return {
        code: 'remote-unreachable',
        message: `Nothing answers at ${host}: the connection was refused.`,
        hint: 'Check that the server is running and listens on that port. vLLM and SGLang listen on this machine only unless started with --host 0.0.0.0; llama-server with --host 0.0.0.0; Ollama with OLLAMA_HOST=0.0.0.0.'
      }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'remote-unreachable', message: `The name ${host} cannot be found.`, hint: 'Check the spelling of the address, and that your network or VPN is connected.' }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return { code: 'remote-unreachable', message: `${host} cannot be reached from this computer.`, hint: 'Check the network, the VPN and any firewall between the two machines.' }
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return {
        code: 'remote-unreachable',
        message: `${host} closed the connection without answering.`,
        hint: 'Check that the address is the API server itself, and whether it wants https:// or http://.'
      }
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return {
        code: 'remote-timeout',
        message: `${host} did not accept a connection within ${seconds(timeouts.connectMs)}.`,
        hint: 'Check the address and any firewall; a machine that is asleep or a port that is filtered looks like this.'
      }
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        code: 'remote-timeout',
        message: `${host} accepted the connection but did not answer within ${seconds(timeouts.listMs)}.`,
        hint: 'The server may still be loading its model; try again in a minute.'
      }
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return {
        code: 'remote-tls',
        message: `The certificate of ${host} is self-signed or signed by an authority this computer does not trust.`,
        hint: 'Give the server a certificate from a trusted authority, or trust your own authority on this computer (add it to the system\'s certificates, or start the app with NODE_EXTRA_CA_CERTS=ca.pem).'
      }
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return { code: 'remote-tls', message: `The certificate of ${host} is not valid now (expired, or not yet valid).`, hint: 'Renew the server\'s certificate, and check this computer\'s clock.' }
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: 'remote-tls', message: `The certificate of ${host} was issued for another name.`, hint: 'Use the host name the certificate names.' }
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return { code: 'remote-tls', message: `${host} does not speak https on that port.`, hint: 'Try the address with http:// instead of https://.' }
    default:
      if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_') || code?.startsWith('CERT_')) {
        return { code: 'remote-tls', message: `A secure connection to ${host} could not be made (${code}).`, hint: 'Check the server\'s https set-up, or its certificate.' }
      }
      return { code: 'remote-unreachable', message: `${host} could not be reached${code ? ` (${code})` : ''}.`, hint: 'Check the address and the network.' }
  }
}

/** The code on an error or, for undici's wrapped ones, on its cause. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code
    if (typeof code === 'string') return code
  }
  return undefined
}

export function networkError(error: unknown, target: RemoteTarget, timeouts: RemoteTimeouts): AppError {
  if (error instanceof AppError) return error
  const host = new URL(target.baseUrl).host
  const described = describeNetworkError(errorCode(error), host, timeouts)
  return new AppError({ ...described, engineName: target.name, details: error instanceof Error ? error.message : String(error) })
}

/** Retry-After in whole seconds (the downloads' reading of it: seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const ms = parseRetryAfter(header, now)
  return ms === undefined ? undefined : Math.ceil(ms / 1000)
}

/** The message an OpenAI-style error body carries (`{"error": {"message"}}`, `{"error": "…"}`, `{"detail": "…"}`). */
export function serverMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; detail?: unknown; message?: unknown }
    const error = parsed.error
    if (typeof error === 'string') return error
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message
    if (typeof parsed.detail === 'string') return parsed.detail
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // Not JSON: the text itself, if it is short enough to say.
  }
  const text = body.trim()
  return text !== '' && text.length <= 300 && !text.startsWith('<') ? text : undefined
}

/** An HTTP status that is not success, in words; `said` is the server's own message when it gave one. */
export function httpError(target: RemoteTarget, status: number, said: string | undefined, retryAfter?: number): AppError {
  const name = target.name
  const details = said === undefined ? `HTTP ${status}` : `HTTP ${status}: ${said}`
  const base = { engineName: name, details }
  if (status === 401 || status === 403) {
    return new AppError({
      ...base,
      code: 'remote-unauthorized',
      message: target.apiKey
        ? `${name} refused the API key (HTTP ${status}).`
        : `${name} needs an API key (HTTP ${status}).`,
      hint: target.apiKey
        ? 'Check the key in the engine\'s settings: it may be mistyped, revoked, or for another server.'
        : 'Add the server\'s API key to the engine (vLLM and SGLang: the --api-key they were started with).'
    })
  }
  if (status === 404) {
    return new AppError({
      ...base,
      code: 'remote-not-openai',
      message: `${name} has no OpenAI API at ${target.baseUrl} (HTTP 404).`,
      hint: 'Use the API\'s base address, usually ending in /v1: http://host:8000/v1 for vLLM, http://host:30000/v1 for SGLang, http://host:8080/v1 for llama-server, http://host:11434/v1 for Ollama.'
    })
  }
  if (status === 429 || status === 503) {
    return new AppError({
      ...base,
      code: 'remote-busy',
      message: `${name} is busy (HTTP ${status})${said ? `: ${said}` : ''}.`,
      hint: retryAfter === undefined ? 'Try again in a little while.' : `It asks to try again in ${retryAfter} s.`,
      ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter })
    })
  }
  if (status >= 400 && status < 500) {
    return new AppError({
      ...base,
      code: 'bad-request',
      message: `${name} refused the request (HTTP ${status})${said ? `: ${said}` : ''}.`,
      hint: 'The server\'s message says what it did not accept; a model id it does not serve, or a prompt longer than its context, look like this.'
    })
  }
  return new AppError({
    ...base,
    code: 'remote-bad-response',
    message: `${name} failed (HTTP ${status})${said ? `: ${said}` : ''}.`,
    hint: 'Look at the server\'s own log for the cause; try again once it is fixed.'
  })
}

/** Reads a short body whole, as text, mapping a connection lost on the way. */
export async function readText(response: RemoteResponse, target: RemoteTarget, timeouts: RemoteTimeouts): Promise<string> {
  try {
    return await response.body.text()
  } catch (error) {
    throw networkError(error, target, timeouts)
  }
}
