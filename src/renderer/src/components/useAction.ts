import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import { toErrorData, type AppErrorData } from '../../../shared/errors'

export interface Action<A extends unknown[]> {
  /** Runs the action; its failure is kept to show beside it. Resolves true when it succeeded. */
  run(...args: A): Promise<boolean>
  /** Runs the failed action again, with the same arguments. */
  retry(): void
  dismiss(): void
  pending: boolean
  error: AppErrorData | null
}

/**
 * The one way the window runs an action that can fail: the failure is kept for an `<ActionError>` beside the
 * control that started it, "Try again" runs it again, and nothing is dropped on the floor.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const [error, setError] = useState<AppErrorData | null>(null)
  const [pending, setPending] = useState(false)
  // The newest action runs, whatever render the click came from.
  const latest = useRef(action)
  useLayoutEffect(() => {
    latest.current = action
  })
  const lastArgs = useRef<A | null>(null)

  const run = useCallback(async (...args: A): Promise<boolean> => {
    lastArgs.current = args
    setPending(true)
    setError(null)
    try {
      await latest.current(...args)
      return true
    } catch (failure) {
      setError(toErrorData(failure))
      return false
    } finally {
      setPending(false)
    }
  }, [])
  const retry = useCallback(() => {
    if (lastArgs.current) void run(...lastArgs.current)
  }, [run])
  const dismiss = useCallback(() => setError(null), [])
  return { run, retry, dismiss, pending, error }
}

/** One failure slot for a group of controls (a list's rows): `run(() => store.rename(id, title))`. */
export function useActions(): Action<[work: () => Promise<unknown>]> {
  return useAction((work: () => Promise<unknown>) => work())
}
