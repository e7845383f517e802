import { useEffect, useId, useRef, useState } from 'react'
import { RemoteBaseUrl, RemoteEngineInput, type RemoteEngine, type RemoteTestResult } from '../../../../shared/remote-engines'
import { call } from '../../bridge'
import { ActionError } from '../../components/ActionError'
import { useAction, type Action } from '../../components/useAction'
import { useT } from '../../i18n'
import type { AddEnginePrefill } from '../../stores/add-engine-intent'
import { TestResult } from './EngineModels'

interface Props {
  /** The engine being edited; a new one is added without it. */
  engine?: RemoteEngine
  prefill?: AddEnginePrefill
  /** Focus the address field when the form opens (another page asked for it). */
  focusAddress?: boolean
  onClose(): void
}

/**
 * Adding or editing a remote engine. Test tries what is typed without saving; the submit button tests and saves
 * (the backend refuses an engine it cannot reach, and the reason shows here). Plain http to another machine is
 * confirmed once, then sent as allowInsecureHttp. A saved key is never shown: an empty key field keeps it.
 */
export function EngineForm({ engine, prefill, focusAddress, onClose }: Props): React.JSX.Element {
  const t = useT()
  const ids = { title: useId(), name: useId(), address: useId(), key: useId(), model: useId() }
  const [name, setName] = useState(engine?.name ?? prefill?.name ?? '')
  const [baseUrl, setBaseUrl] = useState(engine?.baseUrl ?? prefill?.baseUrl ?? '')
  const [apiKey, setApiKey] = useState('')
  const [modelId, setModelId] = useState(engine?.modelId ?? '')
  const [insecure, setInsecure] = useState(engine?.allowInsecureHttp ?? false)
  const [invalid, setInvalid] = useState({ name: false, address: false })
  const [reached, setReached] = useState<RemoteTestResult | null>(null)
  const addressField = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (focusAddress) addressField.current?.focus()
  }, [focusAddress])

  /** What is typed, as the backend takes it, or null (and the wrong fields marked) when it would refuse it. */
  const input = (allowInsecureHttp = insecure): RemoteEngineInput | null => {
    const typed = {
      name,
      baseUrl,
      ...(apiKey !== '' && { apiKey }),
      ...(modelId.trim() !== '' && { modelId: modelId.trim() }),
      ...(allowInsecureHttp && { allowInsecureHttp })
    }
    const wrong = { name: !RemoteEngineInput.shape.name.safeParse(name).success, address: !RemoteBaseUrl.safeParse(baseUrl).success }
    setInvalid(wrong)
    return wrong.name || wrong.address ? null : RemoteEngineInput.parse(typed)
  }
  const engineRef = engine ? { engineId: engine.id } : {}
  const test = useAction(async (typed: RemoteEngineInput) => {
    setReached(null)
    setReached(await call('engines:test', { ...typed, ...engineRef }))
  })
  const save = useAction(async (typed: RemoteEngineInput) => {
    // engines:update keeps a model id it is not given: an emptied field says to offer all the server's models.
    await (engine ? call('engines:update', { modelId: null, ...typed, engineId: engine.id }) : call('engines:add', typed))
    onClose()
  })
  const [keyRemoved, setKeyRemoved] = useState(false)
  const removeKey = useAction(async (engineId: string) => {
    await call('engines:update', { engineId, apiKey: '' })
    setKeyRemoved(true)
  })
  /** Runs the action on what is typed; `confirmed` is the user's yes to plain http, remembered for the form. */
  const runWith = (action: Action<[RemoteEngineInput]>, confirmed = false): void => {
    if (confirmed) setInsecure(true)
    const typed = input(insecure || confirmed)
    if (!typed) return
    // One outcome at a time beside the form: the latest.
    for (const other of [test, save]) if (other !== action) other.dismiss()
    setReached(null)
    void action.run(typed)
  }
  const edited = (): void => {
    setReached(null)
    test.dismiss()
    save.dismiss()
  }

  return (
    <form
      className="engine-form"
      aria-labelledby={ids.title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        runWith(save)
      }}
    >
      <h3 id={ids.title} className="engine-form__title">
        {engine ? t('engines.form.editTitle', { name: engine.name }) : t('engines.form.addTitle')}
      </h3>
      <div className="field">
        <label htmlFor={ids.name}>{t('engines.form.name')}</label>
        <input
          id={ids.name}
          className="input"
          value={name}
          maxLength={60}
          placeholder={t('engines.form.namePlaceholder')}
          aria-invalid={invalid.name}
          onChange={(event) => {
            setName(event.target.value)
            edited()
          }}
        />
        {invalid.name && (
          <span className="field__error" role="alert">
            {t('engines.form.invalidName')}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.address}>{t('engines.form.address')}</label>
        <input
          id={ids.address}
          ref={addressField}
          className="input input--mono"
          type="url"
          value={baseUrl}
          placeholder="http://gpu-box:8000/v1"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid.address}
          onChange={(event) => {
            setBaseUrl(event.target.value)
            // The yes to plain http was for the address it was given for.
            setInsecure(false)
            edited()
          }}
        />
        <span className="field__hint">{t('engines.form.addressHint')}</span>
        {invalid.address && (
          <span className="field__error" role="alert">
            {t('engines.form.invalidAddress')}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.key}>{t('engines.form.key')}</label>
        <input
          id={ids.key}
          className="input input--mono"
          type="password"
          value={apiKey}
          autoComplete="off"
          spellCheck={false}
          placeholder={engine?.hasKey ? t('engines.form.keyPlaceholderSaved') : ''}
          onChange={(event) => {
            setApiKey(event.target.value)
            edited()
          }}
        />
        <span className="field__hint">{engine?.hasKey ? t('engines.form.keyEditHint') : t('engines.form.keyHint')}</span>
        {engine?.hasKey && (
          <span className="field__hint">
            <button type="button" className="button button--small button--danger-text" disabled={removeKey.pending} onClick={() => void removeKey.run(engine.id)}>
              {t('engines.form.removeKey')}
            </button>
          </span>
        )}
        {keyRemoved && (
          <span className="field__ok" role="status">
            {t('engines.form.keyRemoved')}
          </span>
        )}
        <ActionError action={removeKey} />
      </div>
      <div className="field">
        <label htmlFor={ids.model}>{t('engines.form.model')}</label>
        <input
          id={ids.model}
          className="input input--mono"
          value={modelId}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('engines.form.modelPlaceholder')}
          onChange={(event) => {
            setModelId(event.target.value)
            edited()
          }}
        />
        <span className="field__hint">{t('engines.form.modelHint')}</span>
      </div>
      <div className="engine-form__outcome">
        {reached && <TestResult result={reached} />}
        <ActionError action={test} onAllowInsecure={() => runWith(test, true)} />
        <ActionError action={save} onAllowInsecure={() => runWith(save, true)} />
      </div>
      <div className="engine-form__actions">
        <button type="button" className="button" disabled={test.pending} onClick={() => runWith(test)}>
          {test.pending ? t('engines.testing') : t('engines.test')}
        </button>
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {save.pending ? t('engines.form.saving') : engine ? t('engines.form.submitEdit') : t('engines.form.submitAdd')}
        </button>
        <button type="button" className="button button--link" onClick={onClose}>
          {t('engines.cancel')}
        </button>
      </div>
    </form>
  )
}
