import { errorCodes, type AppErrorData, type ErrorCode } from '../../../shared/errors'
import { describeReason } from '../../../shared/fit/reasons'
import { useLocale, useT, type MessageKey } from '../i18n'
import { navigate, usePage, type Page } from '../stores/navigation'
import { remoteEnginesSection } from '../stores/remote-engines'

/** Every code has its text and hint in both languages: the compiler says which one a new code lacks. */
export const errorTextKey = (code: ErrorCode): MessageKey => `error.${code}`
const hintOf = (code: ErrorCode): MessageKey => `error.${code}.hint`

/** Settings > Remote engines, where a remote engine's address and key are fixed. */
const remoteEngines = { page: 'settings', section: remoteEnginesSection, label: 'error.fix.engines' } as const

/** The page (and the section on it) that holds the likely fix, for the codes that have one there. */
const fixPages: Partial<Record<ErrorCode, { page: Page; section?: string; label: MessageKey }>> = {
  network: { page: 'settings', label: 'error.fix.settings' },
  'hub-trouble': { page: 'settings', label: 'error.fix.settings' },
  'token-required': { page: 'settings', label: 'error.fix.settings' },
  'disk-full': { page: 'library', label: 'error.fix.library' },
  ...Object.fromEntries(errorCodes.filter((code) => code.startsWith('remote-') && code !== 'remote-insecure').map((code) => [code, remoteEngines]))
}

export interface ErrorNoticeProps {
  error: AppErrorData
  onRetry?: () => void
  onDismiss?: () => void
  /** A refused load (`wont-fit`) offers to load anyway when the caller can. */
  onLoadAnyway?: () => void
  /** Plain http to another machine (`remote-insecure`) is used once the user confirms, when the caller can. */
  onAllowInsecure?: () => void
}

/**
 * What happened and what to do in the user's language (by the error's code), a button for the likely fix, and the
 * backend's own English below it, so nothing is lost; the technical details only on request.
 */
export function ErrorNotice({ error, onRetry, onDismiss, onLoadAnyway, onAllowInsecure }: ErrorNoticeProps): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const page = usePage()
  // On the page that holds the fix, the button would lead nowhere.
  const fix = fixPages[error.code]?.page === page ? undefined : fixPages[error.code]
  return (
    <div className="notice notice--error" role="alert" data-code={error.code}>
      <strong>{t(errorTextKey(error.code))}</strong>
      {error.engineName && <p>{t('error.engine', { name: error.engineName })}</p>}
      {error.stopCode && <p>{t(`engine.stop.${error.stopCode}`)}</p>}
      {error.fitReasons && (
        <ul className="notice__reasons">
          {error.fitReasons.map((reason, index) => (
            <li key={index}>{describeReason(reason, locale)}</li>
          ))}
        </ul>
      )}
      <p>{t(hintOf(error.code))}</p>
      {/* The fit reasons already say in the user's language what the backend's message says in English. */}
      {!error.fitReasons && (
        <p className="notice__original" lang="en">
          {error.message}
          {error.hint && ` ${error.hint}`}
        </p>
      )}
      <div className="notice__actions">
        {onLoadAnyway && error.code === 'wont-fit' && (
          <button type="button" className="button" onClick={onLoadAnyway}>
            {t('error.fix.loadAnyway')}
          </button>
        )}
        {onAllowInsecure && error.code === 'remote-insecure' && (
          <button type="button" className="button" onClick={onAllowInsecure}>
            {t('error.fix.allowInsecure')}
          </button>
        )}
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {t('error.retry')}
          </button>
        )}
        {fix && (
          <button type="button" className="button" onClick={() => navigate(fix.page, fix.section)}>
            {t(fix.label)}
          </button>
        )}
        {error.details && (
          <button type="button" className="button button--link" onClick={() => void navigator.clipboard.writeText(`${error.message}\n${error.hint ?? ''}\n\n${error.details ?? ''}`)}>
            {t('error.copyDetails')}
          </button>
        )}
        {onDismiss && (
          <button type="button" className="button button--link" onClick={onDismiss}>
            {t('error.dismiss')}
          </button>
        )}
      </div>
    </div>
  )
}
