import type { RemoteModel, RemoteTestResult } from '../../../../shared/remote-engines'
import { useLocale, useT } from '../../i18n'

/** A server's models with the context length each reported. */
export function ModelList({ models }: { models: RemoteModel[] }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  if (models.length === 0) return <span className="muted">{t('engines.noModels')}</span>
  return (
    <ul className="engine-models">
      {models.map((model) => (
        <li key={model.id}>
          <code>{model.id}</code>{' '}
          <span className="muted">({model.contextLength ? t('engines.contextLength', { tokens: model.contextLength.toLocaleString(locale) }) : t('engines.contextUnknown')})</span>
        </li>
      ))}
    </ul>
  )
}

/** What a test found: how fast the server answered and the models it offers. */
export function TestResult({ result }: { result: RemoteTestResult }): React.JSX.Element {
  const t = useT()
  return (
    <div className="field__ok engine-test-result" role="status">
      <span>{t('engines.reached', { ms: Math.round(result.ms), count: result.models.length })}</span>
      <ModelList models={result.models} />
    </div>
  )
}
