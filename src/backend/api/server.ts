/**
 * The OpenAI-compatible API server: plain HTTP, on 127.0.0.1 unless the local network was chosen (which needs a
 * key). Each request passes, in order: the Host check (loopback), CORS, the key, the route, the body limit; then
 * it is logged without its text.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loopbackHost, type ReasoningField } from '../../shared/api-server'
import { AppError } from '../../shared/errors'
import { openAIError } from '../../shared/openai/errors'
import type { EventHub } from '../event-hub'
import type { EngineService } from '../services/engine-service'
import type { LibraryService } from '../services/library/library-service'
import { chatCompletions } from './chat-route'
import { completions } from './completions-route'
import { ApiError, badRequest, toApiError } from './errors'
import { sendError, sendJson, type Exchange, type LogFields } from './exchange'
import type { Answering } from './generation'
import { ModelGate } from './model-gate'
import { modelList } from './models'
import type { RequestLog } from './request-log'
import { applyCors, hasApiKey, isLocalHost } from './security'
import { defaultPingMs } from './sse'

export interface ApiServerOptions {
  engine: Pick<EngineService, 'state' | 'load' | 'unload' | 'generate' | 'abort'>
  library: Pick<LibraryService, 'snapshot'>
  hub: EventHub
  /** 127.0.0.1 unless serving the local network (then a key is required). */
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** The hash of the API key (see security.ts); null: no key, allowed on loopback only. */
  keyHash: string | null
  allowedOrigins: readonly string[]
  reasoningField: ReasoningField
  /** Answers written at once (the engine's sequences); omitted: what fits. */
  sequences?: number
  idleUnloadMs: number
  /** Requests that may wait in line before more get 503 (see model-gate.ts). */
  maxWaiting?: number
  log: RequestLog
  pingMs?: number
  bodyLimitBytes?: number
  /** Called whenever the number of completion requests running or waiting changes. */
  onActivity?: (running: number) => void
}

export interface ApiServer {
  /** The base URL clients are given: http://host:port/v1 */
  url: string
  port: number
  /** The line every completion request waits in for its model and turn (tests take turns in it directly). */
  gate: Pick<ModelGate, 'resolve' | 'acquire'>
  close(): Promise<void>
}

/** Big enough for a long conversation (the engine takes 2 M characters a message), small enough to refuse floods. */
export const defaultBodyLimitBytes = 16 * 1024 * 1024

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const loopback = options.host === loopbackHost || options.host === 'localhost'
  if (!loopback && !options.keyHash) {
    throw new AppError({ code: 'forbidden', message: 'Serving on the local network needs an API key.', hint: 'Generate a key in Settings > API server, or pass --api-key.' })
  }
  const { engine, library, sequences, idleUnloadMs, maxWaiting } = options
  const gate = new ModelGate({ engine, library, idleUnloadMs, ...(sequences !== undefined && { sequences }), ...(maxWaiting !== undefined && { maxWaiting }) })
  const answering: Answering = { gate, engine: options.engine, hub: options.hub, reasoningField: options.reasoningField, pingMs: options.pingMs ?? defaultPingMs }
  let running = 0
  const activity = (change: number): void => {
    running += change
    options.onActivity?.(running)
  }

  const server = createServer((request, response) => {
    const startedAt = performance.now()
    const fields: LogFields = {}
    const path = new URL(request.url ?? '/', 'http://api').pathname
    const controller = new AbortController()
    const exchange = (body: unknown): Exchange => ({ request, response, body, signal: controller.signal, note: (more) => Object.assign(fields, more) })
    const served = serve(request, response, path, exchange).catch((error: unknown) => {
      if (controller.signal.aborted) return
      fields.finish = 'error'
      sendError(response, toApiError(error))
    })
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('The client closed the connection.'))
      // Logged once the route is done too, so an answer the client left records how it ended.
      void served.then(() =>
        options.log.add({
          time: new Date().toISOString(),
          method: request.method ?? '',
          path,
          model: fields.model ?? null,
          status: response.statusCode,
          promptTokens: fields.promptTokens ?? null,
          completionTokens: fields.completionTokens ?? null,
          finish: controller.signal.aborted ? 'aborted' : (fields.finish ?? null),
          ms: Math.round(performance.now() - startedAt)
        })
      )
    })
  })

  async function serve(request: IncomingMessage, response: ServerResponse, path: string, exchange: (body: unknown) => Exchange): Promise<void> {
    if (loopback && !isLocalHost(request.headers.host)) throw forbidden('This server answers requests to 127.0.0.1 or localhost only.')
    if (!applyCors(request, response, options.allowedOrigins)) {
      throw forbidden(`Web pages from ${request.headers.origin} may not use this API. Add the origin in Settings > API server > Allowed origins.`)
    }
    if (request.method === 'OPTIONS') return void response.writeHead(204).end()
    if (path === '/health') return sendJson(response, 200, { status: 'ok' })
    if (options.keyHash && !hasApiKey(request, options.keyHash)) {
      throw new ApiError(401, openAIError('authentication_error', 'A valid API key is required: send it as "Authorization: Bearer <key>". Settings > API server generates one.', 'invalid_api_key'))
    }
    const route = routes[path]
    if (!route) throw new ApiError(404, openAIError('not_found_error', `There is no ${path} here. This server offers ${Object.keys(routes).join(', ')}.`, 'unknown_url'))
    if (request.method !== route.method) throw new ApiError(405, openAIError('invalid_request_error', `${path} takes ${route.method}, not ${request.method}.`, 'method_not_allowed'))
    if (route.method === 'GET') return route.run(exchange(undefined))
    const body = await readJson(request, options.bodyLimitBytes ?? defaultBodyLimitBytes)
    activity(1)
    try {
      await route.run(exchange(body))
    } finally {
      activity(-1)
    }
  }

  const routes: Record<string, { method: 'GET' | 'POST'; run(exchange: Exchange): Promise<void> }> = {
    '/v1/models': {
      method: 'GET',
      run: async ({ response }) => sendJson(response, 200, modelList((await options.library.snapshot()).installed, options.engine.state))
    },
    '/v1/chat/completions': { method: 'POST', run: (exchange) => chatCompletions(answering, exchange) },
    '/v1/completions': { method: 'POST', run: (exchange) => completions(answering, exchange) }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? loopbackHost : options.host
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/v1`,
    port,
    gate,
    close: () =>
      new Promise<void>((resolve) => {
        gate.dispose()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const forbidden = (message: string): ApiError => new ApiError(403, openAIError('permission_error', message, 'forbidden'))

async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = (): ApiError => new ApiError(413, openAIError('invalid_request_error', `The request body is larger than the ${limit / 1024 / 1024} MB this server takes.`, 'request_too_large'))
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge()
  const parts: Buffer[] = []
  let size = 0
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length
    if (size > limit) throw tooLarge()
    parts.push(part)
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'))
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`, 'invalid_json')
  }
}
