import { useId } from 'react'
import type { Settings } from '../../../../shared/settings'
import { useT } from '../../i18n'
import { HuggingFaceTokenField } from '../downloads/HuggingFaceTokenField'
import { useHardware } from '../../stores/hardware'
import { useSettings } from '../../stores/settings'
import { ApiServerSettings } from './ApiServerSettings'

function Choice<K extends 'locale' | 'theme'>({ name, label, options }: { name: K; label: string; options: Array<[Settings[K], string]> }): React.JSX.Element {
  const id = useId()
  const value = useSettings((state) => state.settings[name])
  const update = useSettings((state) => state.update)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => void update({ [name]: event.target.value } as Partial<Settings>)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
}

export function SettingsPage(): React.JSX.Element {
  const t = useT()
  const appInfo = useHardware((state) => state.appInfo)
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('settings.title')}</h1>
      </header>
      <div className="card form">
        <Choice
          name="locale"
          label={t('settings.language')}
          options={[
            ['system', t('settings.language.system')],
            ['en', 'English'],
            ['ko', '한국어']
          ]}
        />
        <Choice
          name="theme"
          label={t('settings.theme')}
          options={[
            ['system', t('settings.theme.system')],
            ['light', t('settings.theme.light')],
            ['dark', t('settings.theme.dark')]
          ]}
        />
        <HuggingFaceTokenField />
        {appInfo && (
          <>
            <div className="field">
              <span className="field__label">{t('settings.dataDir')}</span>
              <code className="field__value">{appInfo.dataDir}</code>
              <span className="field__hint">{t('settings.dataDirHint')}</span>
            </div>
            <div className="field">
              <span className="field__label">{t('settings.version')}</span>
              <span className="field__value">
                {appInfo.version} · {appInfo.platform} {appInfo.arch}
              </span>
            </div>
          </>
        )}
      </div>
      <ApiServerSettings />
    </section>
  )
}
