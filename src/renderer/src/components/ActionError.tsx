import type { Action } from './useAction'
import { ErrorNotice } from './ErrorNotice'

/** An action's failure, where the action is: retry, dismiss, and for a refused load or plain http, the way on anyway. */
export function ActionError<A extends unknown[]>({ action, onLoadAnyway, onAllowInsecure }: { action: Action<A>; onLoadAnyway?: () => void; onAllowInsecure?: () => void }): React.JSX.Element | null {
  if (!action.error) return null
  return <ErrorNotice error={action.error} onRetry={action.retry} onDismiss={action.dismiss} {...(onLoadAnyway && { onLoadAnyway })} {...(onAllowInsecure && { onAllowInsecure })} />
}
