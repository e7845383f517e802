import { requests, type RequestName, type RequestResult } from '../shared/contract'
import { isRequestName } from '../shared/contract-names'
import { toErrorData, type Reply } from '../shared/errors'
import { CallTracker } from './call-tracker'
import type { z } from 'zod'

export type Handlers = {
  [N in RequestName]: (args: z.output<(typeof requests)[N]['args']>) => Promise<RequestResult<N>> | RequestResult<N>
}

export type Dispatch = (name: unknown, args: unknown) => Promise<Reply<unknown>>

/**
 * Checks the request name and validates the arguments before any handler sees them. `calls` counts the calls being
 * answered, for work that waits until they are (CallTracker).
 */
export function createDispatcher(handlers: Handlers, calls = new CallTracker()): Dispatch {
  return (name, args) => calls.track(async () => {
    if (!isRequestName(name)) {
      return { ok: false, error: { code: 'unknown-request', message: `Unknown request "${String(name)}".` } }
    }
    const parsed = requests[name].args.safeParse(args ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'bad-request',
          message: `Invalid arguments for "${name}": ${describeIssues(parsed.error.issues)}`
        }
      }
    }
    try {
      const handler = handlers[name] as (args: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      return { ok: false, error: toErrorData(error) }
    }
  })
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}
