import { useLocale, useT } from '../../i18n'
import { useApiServer } from '../../stores/api-server'

/** The latest API requests: time, endpoint, model, tokens and status, never the text. */
export function ApiRequestLog(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const log = useApiServer((state) => state.log)
  const path = useApiServer((state) => state.logPath)
  return (
    <div className="field api-server__log">
      <span className="field__label">{t('api.log')}</span>
      {log.length === 0 ? (
        <span className="muted">{t('api.log.empty')}</span>
      ) : (
        <table className="library-table">
          <thead>
            <tr>
              <th scope="col">{t('api.log.time')}</th>
              <th scope="col">{t('api.log.request')}</th>
              <th scope="col">{t('api.log.model')}</th>
              <th scope="col">{t('api.log.tokens')}</th>
              <th scope="col">{t('api.log.status')}</th>
            </tr>
          </thead>
          <tbody>
            {[...log].reverse().map((entry) => (
              <tr key={`${entry.time}-${entry.path}-${entry.ms}`}>
                <td>{new Date(entry.time).toLocaleTimeString(locale)}</td>
                <td>
                  {entry.method} {entry.path}
                </td>
                <td>{entry.model ?? '—'}</td>
                <td className="library-table__number">{entry.completionTokens !== null ? `${entry.promptTokens ?? 0} + ${entry.completionTokens}` : '—'}</td>
                <td>
                  {entry.status}
                  {entry.finish ? ` · ${entry.finish}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <span className="field__hint">{t('api.logHint', { path })}</span>
    </div>
  )
}
