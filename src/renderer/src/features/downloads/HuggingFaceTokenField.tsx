import { useId, useState } from 'react'
import { ActionError } from '../../components/ActionError'
import { useAction } from '../../components/useAction'
import { useT } from '../../i18n'
import { useSettings } from '../../stores/settings'

/** Settings: the Hugging Face token gated repositories need (saved in settings.json, sent to the hub only). */
export function HuggingFaceTokenField(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const saved = useSettings((state) => state.settings.huggingFaceToken ?? '')
  const update = useSettings((state) => state.update)
  const [draft, setDraft] = useState<string | null>(null)
  const value = draft ?? saved
  // A refused save keeps the draft, so nothing typed is lost.
  const saving = useAction(async (token: string) => {
    await update({ huggingFaceToken: token })
    setDraft(null)
  })
  const save = (): void => {
    if (draft === null || draft.trim() === saved) return
    void saving.run(draft.trim())
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t('downloads.token.label')}</label>
      <span className="token-field">
        <input
          id={id}
          className="input input--mono"
          type="password"
          value={value}
          placeholder="hf_…"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={save}
          onKeyDown={(event) => event.key === 'Enter' && save()}
        />
        {draft !== null && draft.trim() !== saved && (
          <button type="button" className="button button--small" onClick={save}>
            {t('downloads.token.save')}
          </button>
        )}
      </span>
      <span className="field__hint">{t('downloads.token.hint')}</span>
      <ActionError action={saving} />
    </div>
  )
}
