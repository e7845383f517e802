import { useT } from '../../i18n'
import { useApiServer } from '../../stores/api-server'
import { navigate } from '../../stores/navigation'
import './api-server.css'

/** The status bar's API server: off, on at its port with the requests running, or why it is not running. */
export function ApiServerStatus(): React.JSX.Element | null {
  const t = useT()
  const status = useApiServer((state) => state.status)
  if (!status || status.state === 'off') return null
  const text =
    status.state === 'on'
      ? [t('api.status.on', { port: status.port }), status.running > 0 ? t('api.status.running', { count: status.running }) : null].filter(Boolean).join(' · ')
      : t('api.status.failed')
  return (
    <a
      href="#/settings"
      className={`status-bar__api status-bar__api--${status.state}`}
      title={status.problem ?? status.url ?? undefined}
      onClick={(event) => {
        event.preventDefault()
        navigate('settings')
      }}
    >
      <span className="status-dot" aria-hidden="true" />
      <span aria-live="polite">{text}</span>
    </a>
  )
}
