import { useId, useState } from 'react'
import { apiServerSettings, defaultApiPort, Origin, type ApiServerChange, type ReasoningField } from '../../../../shared/api-server'
import { toErrorData, type AppErrorData } from '../../../../shared/errors'
import { ErrorNotice } from '../../components/ErrorNotice'
import { call } from '../../bridge'
import { useT } from '../../i18n'
import { useApiServer } from '../../stores/api-server'
import { useSettings } from '../../stores/settings'
import { ApiExamples } from './ApiExamples'
import { ApiRequestLog } from './ApiRequestLog'
import './api-server.css'

const idleChoices = [0, 5, 15, 60]
const reasoningChoices: ReasoningField[] = ['reasoning_content', 'both', 'inline']

/** Settings > API server: on/off, port, local network, the key (shown once), allowed origins, idle unload, examples, log. */
export function ApiServerSettings(): React.JSX.Element {
  const t = useT()
  const ids = { enabled: useId(), port: useId(), network: useId(), origins: useId(), idle: useId(), reasoning: useId() }
  const settings = apiServerSettings(useSettings((state) => state.settings.apiServer))
  const status = useApiServer((state) => state.status)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [newKey, setNewKey] = useState<string | null>(null)
  const [port, setPort] = useState<string | null>(null)
  const [origins, setOrigins] = useState<string | null>(null)

  const run = (action: () => Promise<unknown>): void => {
    setError(null)
    action().catch((thrown: unknown) => setError(toErrorData(thrown)))
  }
  const configure = (change: ApiServerChange): void => run(() => call('api-server:configure', change))
  const savePort = (): void => {
    if (port === null) return
    run(async () => {
      await call('api-server:configure', { port: Number(port) })
      setPort(null)
    })
  }
  const originLines = (origins ?? settings.allowedOrigins.join('\n')).split('\n').map((line) => line.trim()).filter(Boolean)
  const badOrigin = originLines.find((line) => !Origin.safeParse(line).success)
  const saveOrigins = (): void => {
    if (badOrigin) return
    run(async () => {
      await call('api-server:configure', { allowedOrigins: originLines })
      setOrigins(null)
    })
  }

  const stateText =
    status?.state === 'on' ? t('api.state.on', { url: status.url ?? '' }) : status?.state === 'failed' ? t('api.state.failed', { problem: status.problem ?? '' }) : t('api.state.off')
  return (
    <section className="card form api-server" aria-labelledby={`${ids.enabled}-title`}>
      <h2 id={`${ids.enabled}-title`}>{t('api.title')}</h2>
      <p className="muted">{t('api.intro')}</p>
      {error && <ErrorNotice error={error} />}
      <div className="field">
        <label htmlFor={ids.enabled}>{t('api.enabled')}</label>
        <span className="switch">
          <input id={ids.enabled} type="checkbox" role="switch" checked={settings.enabled} onChange={(event) => configure({ enabled: event.target.checked })} />
          <span className={`api-server__state api-server__state--${status?.state ?? 'off'}`} aria-live="polite">
            {stateText}
          </span>
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.port}>{t('api.port')}</label>
        <span className="token-field">
          <input
            id={ids.port}
            className="input api-server__port"
            type="number"
            min={1024}
            max={65535}
            value={port ?? String(settings.port)}
            onChange={(event) => setPort(event.target.value)}
            onBlur={savePort}
            onKeyDown={(event) => event.key === 'Enter' && savePort()}
          />
        </span>
        <span className="field__hint">{t('api.portHint', { port: defaultApiPort })}</span>
      </div>
      <div className="field">
        <label htmlFor={ids.network}>{t('api.localNetwork')}</label>
        <span className="switch">
          <input id={ids.network} type="checkbox" role="switch" checked={settings.localNetwork} onChange={(event) => configure({ localNetwork: event.target.checked })} />
        </span>
        <span className="field__hint">{t('api.localNetworkHint')}</span>
      </div>
      <div className="field">
        <span className="field__label">{t('api.key')}</span>
        <span className="token-field">
          <span>{settings.keyHint ? t('api.key.set', { hint: settings.keyHint }) : t('api.key.none')}</span>
          <button type="button" className="button button--small" onClick={() => run(async () => setNewKey((await call('api-server:generate-key', {})).key))}>
            {settings.keyHint ? t('api.key.replace') : t('api.key.generate')}
          </button>
        </span>
        {newKey && (
          <span className="field__hint api-server__new-key">
            {t('api.key.shown')}
            <span className="token-field">
              <code className="field__value">{newKey}</code>
              <button type="button" className="button button--small" onClick={() => void navigator.clipboard.writeText(newKey)}>
                {t('api.key.copy')}
              </button>
            </span>
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.origins}>{t('api.origins')}</label>
        <span className="token-field">
          <textarea
            id={ids.origins}
            className="input api-server__origins"
            rows={3}
            spellCheck={false}
            placeholder="http://localhost:3000"
            value={origins ?? settings.allowedOrigins.join('\n')}
            onChange={(event) => setOrigins(event.target.value)}
          />
          {origins !== null && (
            <button type="button" className="button button--small" disabled={badOrigin !== undefined} onClick={saveOrigins}>
              {t('api.save')}
            </button>
          )}
        </span>
        <span className="field__hint">{badOrigin ? t('api.originsInvalid', { origin: badOrigin }) : t('api.originsHint')}</span>
      </div>
      <div className="field">
        <label htmlFor={ids.idle}>{t('api.idle')}</label>
        <select id={ids.idle} className="input" value={settings.idleUnloadMinutes} onChange={(event) => configure({ idleUnloadMinutes: Number(event.target.value) })}>
          {[...new Set([...idleChoices, settings.idleUnloadMinutes])].map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes === 0 ? t('api.idle.never') : t('api.idle.minutes', { minutes })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.reasoning}>{t('api.reasoning')}</label>
        <select id={ids.reasoning} className="input" value={settings.reasoningField} onChange={(event) => configure({ reasoningField: event.target.value as ReasoningField })}>
          {reasoningChoices.map((field) => (
            <option key={field} value={field}>
              {t(`api.reasoning.${field}`)}
            </option>
          ))}
        </select>
      </div>
      <ApiExamples baseUrl={status?.url ?? `http://127.0.0.1:${settings.port}/v1`} needsKey={settings.keyHint !== null} />
      <ApiRequestLog />
    </section>
  )
}
