/**
 * The fields of the Settings page. Each saves through the settings store with its failure shown under it, and
 * checks what was typed against the same schema the backend uses before sending it, saying what is wrong in
 * the user's language; a refused value stays in the field, so nothing typed is lost.
 */
import { useId, useState } from 'react'
import { Settings } from '../../../../shared/settings'
import { ActionError } from '../../components/ActionError'
import { useAction } from '../../components/useAction'
import { useT } from '../../i18n'
import { useSettings } from '../../stores/settings'

/** One section of the page: a card with its heading; `id` lets an error's fix button bring it into view. */
export function Section({ id, title, children }: { id?: string; title: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <section className="card form settings-section" id={id}>
      <h2 className="settings-section__title">{title}</h2>
      {children}
    </section>
  )
}

export function useSaveSettings() {
  return useAction(useSettings((state) => state.update))
}

export function Choice<K extends keyof Settings>({ name, label, hint, options }: { name: K; label: string; hint?: string; options: Array<[Settings[K], string]> }): React.JSX.Element {
  const id = useId()
  const value = useSettings((state) => state.settings[name])
  const save = useSaveSettings()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={String(value)} disabled={save.pending} onChange={(event) => void save.run({ [name]: event.target.value } as Partial<Settings>)}>
        {options.map(([option, text]) => (
          <option key={String(option)} value={String(option)}>
            {text}
          </option>
        ))}
      </select>
      {hint && <span className="field__hint">{hint}</span>}
      <ActionError action={save} />
    </div>
  )
}

type NumberKey = 'contextTokens' | 'gpuLayers' | 'threads'

/** A whole number, or "auto" where the setting allows it: a switch between the two and the number beside it. */
export function NumberSetting({ name, label, hint, min, max, allowAuto }: { name: NumberKey; label: string; hint: string; min: number; max: number; allowAuto: boolean }): React.JSX.Element {
  const t = useT()
  const id = useId()
  const saved = useSettings((state) => state.settings[name])
  const save = useSaveSettings()
  const [draft, setDraft] = useState<string | null>(null)
  const [invalid, setInvalid] = useState(false)
  const auto = saved === 'auto' && draft === null
  const commit = (raw: string): void => {
    const value = raw.trim() === '' ? NaN : Number(raw)
    if (!Settings.shape[name].safeParse(value).success) {
      setInvalid(true)
      return
    }
    setInvalid(false)
    if (value === saved) return setDraft(null)
    void save.run({ [name]: value }).then((ok) => ok && setDraft(null))
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="number-setting">
        {allowAuto && (
          <select
            className="input"
            aria-label={`${label}: ${t('settings.engine.mode')}`}
            value={auto ? 'auto' : 'number'}
            disabled={save.pending}
            onChange={(event) => {
              setInvalid(false)
              if (event.target.value === 'auto') {
                setDraft(null)
                void save.run({ [name]: 'auto' })
              } else setDraft(String(min === 0 ? 0 : min))
            }}
          >
            <option value="auto">{t('settings.engine.auto')}</option>
            <option value="number">{t('settings.engine.number')}</option>
          </select>
        )}
        {!auto && (
          <input
            id={id}
            className="input number-setting__input"
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            step={1}
            aria-invalid={invalid}
            value={draft ?? (saved === 'auto' ? '' : String(saved))}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={(event) => commit(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && commit(event.currentTarget.value)}
          />
        )}
      </span>
      <span className="field__hint">{hint}</span>
      {invalid && (
        <span className="field__error" role="alert">
          {t('settings.invalid.number', { min: min.toLocaleString(), max: max.toLocaleString() })}
        </span>
      )}
      <ActionError action={save} />
    </div>
  )
}
