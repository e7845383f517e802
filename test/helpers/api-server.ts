/**
 * The API server for real on 127.0.0.1 (port 0), over the engine service with a generated EXAONE 4.0 model
 * installed in a temporary library as exaone-4.0-1.2b Q4_K_M, and the official openai SDK as its client.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { RequestLog } from '../../src/backend/api/request-log'
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src/backend/api/server'
import type { RequestLogEntry } from '../../src/shared/api-server'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { installAs, makeEngineService, type TestEngine, type TestEngineOptions } from './engine-service'

export const testModel = 'exaone-4.0-1.2b:Q4_K_M'

/** The server as tests and the bench run it over a test engine: loopback, a free port, no key, no CORS, no idle unload. */
export function loopbackServerOptions(service: TestEngine, log: RequestLog): ApiServerOptions {
  return {
    engine: service.engine,
    library: service.library,
    hub: service.hub,
    host: '127.0.0.1',
    port: 0,
    keyHash: null,
    allowedOrigins: [],
    reasoningField: 'reasoning_content',
    idleUnloadMs: 0,
    log
  }
}

export interface TestApi {
  server: ApiServer
  service: TestEngine
  client: OpenAI
  log: RequestLog
  /** Resolves with the next log entry that matches. */
  nextLogEntry(match: (entry: RequestLogEntry) => boolean): Promise<RequestLogEntry>
  close(): Promise<void>
}

export async function startTestApi(options: Partial<ApiServerOptions> & { apiKey?: string; machine?: TestEngineOptions['machine'] } = {}): Promise<TestApi> {
  const folder = await mkdtemp(join(tmpdir(), 'exaone-api-'))
  const service = makeEngineService(folder, options.machine ? { machine: options.machine } : {})
  await installAs(service.library, await tinyModelPath('exaone4'), 'exaone-4.0-1.2b', 'Q4_K_M')
  const waiting = new Set<{ match: (entry: RequestLogEntry) => boolean; resolve: (entry: RequestLogEntry) => void }>()
  const log = new RequestLog(null, (entry) => {
    for (const waiter of waiting) {
      if (!waiter.match(entry)) continue
      waiting.delete(waiter)
      waiter.resolve(entry)
    }
  })
  const { apiKey, machine: _machine, ...serverOptions } = options
  const server = await startApiServer({ ...loopbackServerOptions(service, log), ...serverOptions })
  return {
    server,
    service,
    log,
    client: new OpenAI({ baseURL: server.url, apiKey: apiKey ?? 'none', maxRetries: 0 }),
    nextLogEntry: (match) => new Promise((resolve) => waiting.add({ match, resolve })),
    close: async () => {
      await server.close()
      service.dispose()
      await removeTinyModels()
      await rm(folder, { recursive: true, force: true })
    }
  }
}

/** Opens a stream with fetch and reads it until `text` has come (`: ping`: it waits in line); the rest of the body stays for `rest`. */
export async function streamUntil(url: string, body: string, text: string): Promise<{ seen: string; rest: () => Promise<string> }> {
  const response = await fetch(url, { method: 'POST', body })
  if (!response.body) throw new Error(`${url} answered ${response.status} with no body`)
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const next = async (): Promise<string | null> => {
    const part = await reader.read()
    return part.done ? null : decoder.decode(part.value, { stream: true })
  }
  let seen = ''
  while (!seen.includes(text)) {
    const piece = await next()
    if (piece === null) throw new Error(`The stream ended before ${JSON.stringify(text)} came: ${seen}`)
    seen += piece
  }
  return {
    seen,
    rest: async () => {
      let more = ''
      for (let piece = await next(); piece !== null; piece = await next()) more += piece
      return more
    }
  }
}

/** The `data:` payloads of a raw SSE body, and its comment lines. */
export function sseEvents(body: string): { data: string[]; comments: string[] } {
  const lines = body.split('\n')
  return {
    data: lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)),
    comments: lines.filter((line) => line.startsWith(':'))
  }
}
