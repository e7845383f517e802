import { useId } from 'react'
import type { Sampling } from '../../../../shared/engine'
import { samplingLimits } from '../../../../shared/engine-plain'
import { Icon } from '../../components/Icon'
import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'

const presets: Record<'recommended' | 'precise' | 'creative', Sampling> = {
  recommended: {},
  precise: { temperature: 0.1, topP: 0.9 },
  creative: { temperature: 0.9, topP: 0.95, presencePenalty: 0.5 }
}

/** One number field per sampling setting, with the ranges the backend accepts. */
const fields = (Object.keys(samplingLimits) as Array<keyof typeof samplingLimits>).map((key) => ({ key, ...samplingLimits[key] }))

/** A chat's system prompt and sampling; empty fields mean the model's recommendation. */
export function ChatSettingsDrawer({ onClose }: { onClose(): void }): React.JSX.Element | null {
  const t = useT()
  const id = useId()
  const settings = useChats((state) => state.active?.settings)
  const update = useChats((state) => state.updateSettings)
  if (!settings) return null
  const sampling = settings.sampling
  const preset = (Object.entries(presets).find(([, values]) => JSON.stringify(values) === JSON.stringify(sampling))?.[0] ?? '') as keyof typeof presets | ''

  return (
    <aside className="drawer" aria-label={t('chat.settings')} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <header className="drawer__header">
        <h2>{t('chat.settings')}</h2>
        <button type="button" className="icon-button" aria-label={t('chat.settings.close')} title={t('chat.settings.close')} onClick={onClose}>
          <Icon name="close" size={16} />
        </button>
      </header>
      <label className="drawer__field" htmlFor={`${id}-system`}>
        <span>{t('chat.settings.system')}</span>
        <textarea
          id={`${id}-system`}
          className="input"
          rows={5}
          defaultValue={settings.systemPrompt}
          onBlur={(event) => event.target.value !== settings.systemPrompt && void update({ systemPrompt: event.target.value })}
        />
        <small className="muted">{t('chat.settings.systemHint')}</small>
      </label>
      <label className="drawer__field" htmlFor={`${id}-preset`}>
        <span>{t('chat.settings.preset')}</span>
        <select id={`${id}-preset`} className="input" value={preset} onChange={(event) => void update({ sampling: presets[event.target.value as keyof typeof presets] ?? {} })}>
          <option value="recommended">{t('chat.settings.preset.recommended')}</option>
          <option value="precise">{t('chat.settings.preset.precise')}</option>
          <option value="creative">{t('chat.settings.preset.creative')}</option>
          {preset === '' && <option value="">…</option>}
        </select>
      </label>
      <div className="drawer__grid">
        {fields.map((field) => (
          <label key={field.key} className="drawer__field" htmlFor={`${id}-${field.key}`}>
            <span>{t(`chat.settings.${field.key}`)}</span>
            <input
              id={`${id}-${field.key}`}
              className="input"
              type="number"
              min={field.min}
              max={field.max}
              step={field.step}
              placeholder={t('chat.settings.default')}
              defaultValue={sampling[field.key] ?? ''}
              key={`${field.key}-${sampling[field.key] ?? ''}`}
              onBlur={(event) => {
                const raw = event.target.value
                const value = raw === '' ? undefined : Math.min(field.max, Math.max(field.min, Number(raw)))
                if (value === sampling[field.key]) return
                const { [field.key]: _old, ...rest } = sampling
                void update({ sampling: value === undefined ? rest : { ...rest, [field.key]: value } })
              }}
            />
          </label>
        ))}
      </div>
    </aside>
  )
}
