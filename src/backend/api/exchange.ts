/** One HTTP request as a route sees it: its JSON body, a signal that fires when the client goes away, and its log fields. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestLogEntry } from '../../shared/api-server'
import type { OpenAIErrorBody } from '../../shared/openai/errors'
import type { ApiError } from './errors'

export type LogFields = Partial<Pick<RequestLogEntry, 'model' | 'promptTokens' | 'completionTokens' | 'finish'>>

export interface Exchange {
  request: IncomingMessage
  response: ServerResponse
  /** The parsed JSON body (POST). */
  body: unknown
  /** Aborted when the client closes the connection before the answer is complete. */
  signal: AbortSignal
  /** Adds to what the request log records. */
  note(fields: LogFields): void
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

export function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.status, error.body satisfies OpenAIErrorBody, error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : {})
}
