/**
 * An OpenAI-style server on 127.0.0.1 that does what a test scripts: streams as vLLM, SGLang, llama-server or
 * Ollama do (each reasoning field, inline <think>, whole tool calls), or fails as they fail (a dropped connection
 * mid-stream, 429/503 with Retry-After, garbage, 401, 404, a redirect to another origin, a silent prefill). Every
 * request is recorded, with its headers and body, and when its connection closed.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
  /** Resolves when the client closed the connection or the answer ended. */
  closed: Promise<void>
}

/** What one chat request gets; `chunks` are the `data:` JSON objects (or raw strings, sent as they are). */
export type Script =
  | { kind: 'stream'; chunks: Array<object | string>; done?: boolean; comments?: boolean; silentMs?: number; contentType?: string }
  /** Sends the chunks, then destroys the socket. */
  | { kind: 'drop'; chunks: Array<object | string> }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body: string }
  /** Sends the role chunk and then nothing, until the client goes away. */
  | { kind: 'hang' }

export interface FakeOpenAI {
  /** The base URL, ending in /v1. */
  url: string
  requests: RecordedRequest[]
  /** What GET /v1/models answers (a status script, or the list's data). */
  models: Script | { data: object[] }
  /** Scripts for the next chat requests, in order; an empty queue streams "Hello." */
  chat: Script[]
  /** Resolves with the next request to arrive. */
  nextRequest(): Promise<RecordedRequest>
  close(): Promise<void>
}

/** vLLM/SGLang-style chunks: a role chunk, one chunk per piece, a finish chunk, and a usage chunk. */
export function streamChunks(
  pieces: Array<{ content?: string; reasoning?: string }>,
  options: { reasoningField?: 'reasoning_content' | 'reasoning' | 'thinking'; finish?: string; usage?: { prompt: number; completion: number } | null; model?: string } = {}
): object[] {
  const field = options.reasoningField ?? 'reasoning_content'
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1, model: options.model ?? 'test-model' }
  const usage = options.usage === undefined ? { prompt: 12, completion: pieces.length } : options.usage
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...pieces.map((piece) => ({
      ...base,
      choices: [{ index: 0, delta: { ...(piece.content !== undefined && { content: piece.content }), ...(piece.reasoning !== undefined && { [field]: piece.reasoning }) }, finish_reason: null }]
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: options.finish ?? 'stop' }] },
    ...(usage ? [{ ...base, choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } }] : [])
  ]
}

/** llama-server's habit: the finish reason and the timings on the last content chunk, usage with it. */
export function llamaServerChunks(pieces: string[]): object[] {
  const base = { id: 'chatcmpl-ls', object: 'chat.completion.chunk', created: 1, model: 'gpt-3.5-turbo' }
  return [
    ...pieces.map((content, index) => ({ ...base, choices: [{ index: 0, delta: { ...(index === 0 && { role: 'assistant' }), content }, finish_reason: null }] })),
    {
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      usage: { prompt_tokens: 9, completion_tokens: pieces.length, total_tokens: 9 + pieces.length },
      timings: { prompt_n: 9, predicted_n: pieces.length }
    }
  ]
}

export const vllmModels = { data: [{ id: 'LGAI-EXAONE/EXAONE-4.0-32B', object: 'model', owned_by: 'vllm', max_model_len: 131072 }] }

export async function startFakeOpenAI(options: { tls?: { key: string; cert: string } } = {}): Promise<FakeOpenAI> {
  const waiting: Array<(request: RecordedRequest) => void> = []
  const fake: FakeOpenAI = {
    url: '',
    requests: [],
    models: vllmModels,
    chat: [],
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const closed = new Promise<void>((resolve) => response.once('close', () => resolve()))
    const recorded: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : undefined, closed }
    fake.requests.push(recorded)
    waiting.shift()?.(recorded)
    if (/\/models\/?$/.test(recorded.path)) {
      const models = fake.models
      if ('data' in models) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: models.data }))
      } else await play(models, response)
      return
    }
    await play(fake.chat.shift() ?? { kind: 'stream', chunks: streamChunks([{ content: 'Hello' }, { content: '.' }]) }, response)
  }
  const listener = (request: IncomingMessage, response: ServerResponse) => void handle(request, response)
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  return fake
}

const event = (chunk: object | string) => `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`

async function play(script: Script, response: ServerResponse): Promise<void> {
  if (script.kind === 'status') {
    response.writeHead(script.status, { 'content-type': 'application/json', ...script.headers }).end(script.body)
    return
  }
  response.writeHead(200, { 'content-type': script.kind === 'stream' && script.contentType ? script.contentType : 'text/event-stream', 'cache-control': 'no-cache' })
  response.flushHeaders()
  if (script.kind === 'hang') {
    response.write(event(streamChunks([])[0] as object))
    return
  }
  if (script.kind === 'drop') {
    // The pieces leave before the socket goes, as a server that dies mid-answer has sent them.
    response.write(script.chunks.map(event).join(''), () => response.socket?.destroy())
    return
  }
  // The prefill: headers sent, then nothing at all (no pings) for this long.
  if (script.silentMs) await new Promise((resolve) => setTimeout(resolve, script.silentMs))
  for (const chunk of script.chunks) {
    if (script.comments) response.write(': keep-alive\n\n')
    response.write(event(chunk))
  }
  if (script.done !== false) response.write('data: [DONE]\n\n')
  response.end()
}
