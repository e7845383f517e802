/** Errors as OpenAI clients expect them: an HTTP status and `{"error": {message, type, param, code}}`. */
import type { z } from 'zod'
import { toErrorData, type ErrorCode } from '../../shared/errors'
import { openAIError, type OpenAIErrorBody, type OpenAIErrorType } from '../../shared/openai/errors'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
    /** Seconds a client should wait before trying again (503 busy). */
    readonly retryAfter?: number
  ) {
    super(body.error.message)
  }
}

export const badRequest = (message: string, code: string | null = null, param: string | null = null): ApiError =>
  new ApiError(400, openAIError('invalid_request_error', message, code, param))

const statusOf: Partial<Record<ErrorCode, [number, OpenAIErrorType, string]>> = {
  'bad-request': [400, 'invalid_request_error', 'invalid_request'],
  'not-found': [404, 'not_found_error', 'model_not_found'],
  'wont-fit': [400, 'invalid_request_error', 'model_wont_fit'],
  'prompt-too-long': [400, 'invalid_request_error', 'context_length_exceeded'],
  'bad-model': [400, 'invalid_request_error', 'bad_model'],
  busy: [503, 'server_error', 'busy'],
  'not-loaded': [503, 'server_error', 'model_not_loaded'],
  'engine-stopped': [500, 'server_error', 'engine_stopped']
}

/** Any error thrown while answering, as the API reports it; the hint joins the message so every client shows it. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const data = toErrorData(error)
  const [status, type, code] = statusOf[data.code] ?? [500, 'server_error', data.code]
  const message = data.hint ? `${data.message} ${data.hint}` : data.message
  if (data.code === 'internal') console.error('API request failed:', data.details)
  return new ApiError(status, openAIError(type, message, code), data.code === 'busy' ? (data.retryAfterSeconds ?? 1) : undefined)
}

/** A request body that does not match the endpoint's schema: the first problem, with the field it is in. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const param = issue?.path.length ? issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('') : null
  return thrown(badRequest(`Invalid request: ${param ? `${param}: ` : ''}${issue?.message ?? 'the body does not match the API'}.`, 'invalid_request', param))
}

function thrown(error: ApiError): never {
  throw error
}
