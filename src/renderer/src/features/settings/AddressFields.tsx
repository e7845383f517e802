import { useId, useState } from 'react'
import type { z } from 'zod'
import { HuggingFaceEndpoint, ProxyUrl, redactProxy, type EndpointCheck } from '../../../../shared/settings'
import { call } from '../../bridge'
import { ActionError } from '../../components/ActionError'
import { useAction } from '../../components/useAction'
import { useT, type MessageKey } from '../../i18n'
import { useSettings } from '../../stores/settings'
import { useSaveSettings } from './fields'

/** The Hugging Face address (a mirror behind a filtered network), with Test: it tries what is typed without saving it. */
export function HuggingFaceEndpointField(): React.JSX.Element {
  const t = useT()
  const [reached, setReached] = useState<EndpointCheck | null>(null)
  const test = useAction(async (endpoint: string) => {
    setReached(null)
    setReached(await call('settings:test-endpoint', { endpoint }))
  })
  return (
    <AddressField
      name="huggingFaceEndpoint"
      schema={HuggingFaceEndpoint}
      type="url"
      placeholder="https://huggingface.co"
      text={{ label: 'settings.hf.endpoint', hint: 'settings.hf.endpointHint', invalid: 'settings.invalid.endpoint' }}
      onEdit={() => setReached(null)}
      extra={(checked) => (
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
      )}
      below={
        <>
          {reached && (
            <span className="field__ok" role="status">
              {t('settings.hf.reached', { endpoint: reached.endpoint, ms: reached.ms })}
            </span>
          )}
          <ActionError action={test} />
        </>
      }
    />
  )
}

/** The HTTPS proxy for every Hugging Face request; a saved password is shown as "…", never in the field. */
export function ProxyField(): React.JSX.Element {
  return <AddressField name="proxy" schema={ProxyUrl} type="text" placeholder="http://proxy.example.com:8080" shown={redactProxy} text={{ label: 'settings.hf.proxy', hint: 'settings.hf.proxyHint', invalid: 'settings.invalid.proxy' }} />
}

interface AddressFieldProps {
  name: 'huggingFaceEndpoint' | 'proxy'
  schema: z.ZodType<string, string>
  type: 'url' | 'text'
  placeholder: string
  text: { label: MessageKey; hint: MessageKey; invalid: MessageKey }
  /** How the saved value shows while it is not being edited. */
  shown?: (saved: string) => string
  onEdit?: () => void
  /** Buttons beside Save; `checked` gives what is typed as it would be saved, or null when it is not valid. */
  extra?: (checked: () => string | null) => React.ReactNode
  below?: React.ReactNode
}

/**
 * An address in Settings: Save (or Enter) keeps it, checked against the backend's own schema first; leaving the
 * field only checks it. A refused value stays in the field.
 */
function AddressField({ name, schema, type, placeholder, text, shown = (saved) => saved, onEdit, extra, below }: AddressFieldProps): React.JSX.Element {
  const t = useT()
  const id = useId()
  const saved = useSettings((state) => state.settings[name] ?? '')
  const save = useSaveSettings()
  const [draft, setDraft] = useState<string | null>(null)
  const [invalid, setInvalid] = useState(false)
  const value = draft ?? shown(saved)
  const checked = (): string | null => {
    const parsed = schema.safeParse(value)
    setInvalid(!parsed.success)
    return parsed.success ? parsed.data : null
  }
  const commit = (): void => {
    const address = checked()
    if (address === null || draft === null) return
    if (address === saved) return setDraft(null)
    void save.run({ [name]: address }).then((ok) => ok && setDraft(null))
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t(text.label)}</label>
      <span className="token-field">
        <input
          id={id}
          className="input input--mono"
          type={type}
          value={value}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid}
          onChange={(event) => {
            setDraft(event.target.value)
            onEdit?.()
          }}
          onBlur={() => draft !== null && checked()}
          onKeyDown={(event) => event.key === 'Enter' && commit()}
        />
        {extra?.(checked)}
        {draft !== null && draft.trim() !== saved && (
          <button type="button" className="button button--small" disabled={save.pending} onClick={commit}>
            {t('downloads.token.save')}
          </button>
        )}
      </span>
      <span className="field__hint">{t(text.hint)}</span>
      {invalid && (
        <span className="field__error" role="alert">
          {t(text.invalid)}
        </span>
      )}
      {below}
      <ActionError action={save} />
    </div>
  )
}
