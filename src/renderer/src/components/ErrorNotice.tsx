import type { AppErrorData } from '../../../shared/errors'
import { useT } from '../i18n'

/** What happened, what to do, a button for the likely fix, and the technical details only on request. */
export function ErrorNotice({ error, onRetry }: { error: AppErrorData; onRetry?: () => void }): React.JSX.Element {
  const t = useT()
  return (
    <div className="notice notice--error" role="alert">
      <strong>{error.message}</strong>
      {error.hint && <p>{error.hint}</p>}
      <div className="notice__actions">
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {t('error.retry')}
          </button>
        )}
        {error.details && (
          <button type="button" className="button button--link" onClick={() => void navigator.clipboard.writeText(error.details ?? '')}>
            {t('error.copyDetails')}
          </button>
        )}
      </div>
    </div>
  )
}
