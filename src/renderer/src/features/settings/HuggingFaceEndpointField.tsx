import { useId, useState } from 'react'
import { HuggingFaceEndpoint, type EndpointCheck } from '../../../../shared/settings'
import { call } from '../../bridge'
import { ActionError } from '../../components/ActionError'
import { useAction } from '../../components/useAction'
import { useT } from '../../i18n'
import { useSettings } from '../../stores/settings'
import { useSaveSettings } from './fields'

/**
 * The Hugging Face address (a mirror behind a filtered network): Test tries what is typed without saving it;
 * Save (or Enter) keeps it. Leaving the field only checks that it is an address.
 */
export function HuggingFaceEndpointField(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const saved = useSettings((state) => state.settings.huggingFaceEndpoint ?? '')
  const save = useSaveSettings()
  const [draft, setDraft] = useState<string | null>(null)
  const [invalid, setInvalid] = useState(false)
  const [reached, setReached] = useState<EndpointCheck | null>(null)
  const value = draft ?? saved
  const test = useAction(async (endpoint: string) => {
    setReached(null)
    setReached(await call('settings:test-endpoint', { endpoint }))
  })
  /** The address as it would be saved, or null (and the field marked) when it is not one. */
  const checked = (): string | null => {
    const parsed = HuggingFaceEndpoint.safeParse(value)
    setInvalid(!parsed.success)
    return parsed.success ? parsed.data : null
  }
  const commit = (): void => {
    const endpoint = checked()
    if (endpoint === null || draft === null) return
    if (endpoint === saved) return setDraft(null)
    void save.run({ huggingFaceEndpoint: endpoint }).then((ok) => ok && setDraft(null))
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t('settings.hf.endpoint')}</label>
      <span className="token-field">
        <input
          id={id}
          className="input input--mono"
          type="url"
          value={value}
          placeholder="https://huggingface.co"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid}
          onChange={(event) => {
            setDraft(event.target.value)
            setReached(null)
          }}
          onBlur={() => draft !== null && checked()}
          onKeyDown={(event) => event.key === 'Enter' && commit()}
        />
        <button
          type="button"
          className="button button--small"
          disabled={test.pending}
          onClick={() => {
            const endpoint = checked()
            if (endpoint !== null) void test.run(endpoint)
          }}
        >
          {test.pending ? t('settings.hf.testing') : t('settings.hf.test')}
        </button>
        {draft !== null && draft.trim() !== saved && (
          <button type="button" className="button button--small" disabled={save.pending} onClick={commit}>
            {t('downloads.token.save')}
          </button>
        )}
      </span>
      <span className="field__hint">{t('settings.hf.endpointHint')}</span>
      {invalid && (
        <span className="field__error" role="alert">
          {t('settings.invalid.endpoint')}
        </span>
      )}
      {reached && (
        <span className="field__ok" role="status">
          {t('settings.hf.reached', { endpoint: reached.endpoint, ms: reached.ms })}
        </span>
      )}
      <ActionError action={test} />
      <ActionError action={save} />
    </div>
  )
}
