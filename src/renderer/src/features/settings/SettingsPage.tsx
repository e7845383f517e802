import { engineSettingLimits } from '../../../../shared/settings'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useT } from '../../i18n'
import { useSettings } from '../../stores/settings'
import { HuggingFaceTokenField } from '../downloads/HuggingFaceTokenField'
import { useHardware } from '../../stores/hardware'
import { ApiServerSettings } from './ApiServerSettings'
import { RemoteEnginesSection } from '../engines/RemoteEnginesSection'
import { Choice, NumberSetting, Section } from './fields'
import { HuggingFaceEndpointField, ProxyField } from './AddressFields'
import './settings.css'

function LookSection(): React.JSX.Element {
  const t = useT()
  return (
    <Section title={t('settings.section.look')}>
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
    </Section>
  )
}

function HuggingFaceSection(): React.JSX.Element {
  const t = useT()
  return (
    <Section title={t('settings.section.huggingFace')}>
      <HuggingFaceEndpointField />
      <ProxyField />
      <HuggingFaceTokenField />
    </Section>
  )
}

function EngineSection(): React.JSX.Element {
  const t = useT()
  const { contextTokens, gpuLayers, threads } = engineSettingLimits
  return (
    <Section title={t('settings.section.engine')}>
      <p className="muted">{t('settings.engine.applies')}</p>
      <NumberSetting name="contextTokens" label={t('settings.engine.context')} hint={t('settings.engine.contextHint')} {...contextTokens} allowAuto={false} />
      <NumberSetting name="gpuLayers" label={t('settings.engine.gpuLayers')} hint={t('settings.engine.gpuLayersHint')} {...gpuLayers} allowAuto />
      <NumberSetting name="threads" label={t('settings.engine.threads')} hint={t('settings.engine.threadsHint')} {...threads} allowAuto />
      <Choice
        name="kvCacheType"
        label={t('settings.engine.kv')}
        hint={t('settings.engine.kvHint')}
        options={[
          ['f16', t('settings.engine.kv.f16')],
          ['q8_0', t('settings.engine.kv.q8_0')]
        ]}
      />
      <Choice
        name="draftModel"
        label={t('settings.engine.draft')}
        hint={t('settings.engine.draftHint')}
        options={[
          ['off', t('settings.engine.draft.off')],
          ['auto', t('settings.engine.draft.auto')]
        ]}
      />
    </Section>
  )
}

function AboutSection(): React.JSX.Element | null {
  const t = useT()
  const appInfo = useHardware((state) => state.appInfo)
  if (!appInfo) return null
  return (
    <Section title={t('settings.section.about')}>
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
    </Section>
  )
}

/** The page's sections, in order: a new section is one component and one line here. */
const sections: Array<[id: string, section: () => React.JSX.Element | null]> = [
  ['look', LookSection],
  ['hugging-face', HuggingFaceSection],
  ['engine', EngineSection],
  ['remote-engines', RemoteEnginesSection],
  ['api-server', ApiServerSettings],
  ['about', AboutSection]
]

export function SettingsPage(): React.JSX.Element {
  const t = useT()
  const error = useSettings((state) => state.error)
  const reload = useSettings((state) => state.reload)
  return (
    <section className="page settings-page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('settings.title')}</h1>
      </header>
      {error && <ErrorNotice error={error} onRetry={() => void reload()} />}
      {sections.map(([id, Part]) => (
        <Part key={id} />
      ))}
    </section>
  )
}
