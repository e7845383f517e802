import { useEffect, useState } from 'react'
import type { RemoteEngine, RemoteTestResult } from '../../../../shared/remote-engines'
import { call } from '../../bridge'
import { ActionError } from '../../components/ActionError'
import { ConfirmDialog } from '../../components/Dialog'
import { useAction } from '../../components/useAction'
import { useLocale, useT } from '../../i18n'
import { takeAddEnginePrefill, useAddEngineIntent, type AddEnginePrefill } from '../../stores/add-engine-intent'
import { currentSection } from '../../stores/navigation'
import { remoteEnginesSection, useRemoteEngines } from '../../stores/remote-engines'
import { Section } from '../settings/fields'
import { EngineForm } from './EngineForm'
import { ModelList, TestResult } from './EngineModels'
import './engines.css'

/** Settings > Remote engines: the saved engines with Test, Edit and Remove, and the form that adds one. */
export function RemoteEnginesSection(): React.JSX.Element {
  const t = useT()
  const engines = useRemoteEngines((state) => state.engines)
  const loaded = useRemoteEngines((state) => state.loaded)
  const [adding, setAdding] = useState<{ prefill: AddEnginePrefill; focusAddress: boolean } | null>(null)
  // Another page (the cloud planner's Connect) opens the form with its values, whether or not this page is open:
  // the form opens with them at once, and the intent is taken so that a later visit does not open it again.
  const intent = useAddEngineIntent((state) => state.prefill)
  const [opened, setOpened] = useState<AddEnginePrefill | null>(null)
  if (intent && intent !== opened) {
    setOpened(intent)
    setAdding({ prefill: intent, focusAddress: true })
  }
  // An error's fix button opens Settings at this section.
  useEffect(() => {
    if (currentSection() === remoteEnginesSection) document.getElementById(remoteEnginesSection)?.scrollIntoView({ block: 'start' })
  }, [])
  useEffect(() => {
    if (!intent) return
    takeAddEnginePrefill()
    document.getElementById(remoteEnginesSection)?.scrollIntoView({ block: 'start' })
  }, [intent])

  return (
    <Section id={remoteEnginesSection} title={t('engines.title')}>
      <p className="muted">{t('engines.intro')}</p>
      {!loaded ? (
        <p className="muted">{t('engines.loading')}</p>
      ) : engines.length === 0 ? (
        !adding && <p>{t('engines.empty')}</p>
      ) : (
        <ul className="engine-list">
          {engines.map((engine) => (
            <EngineRow key={engine.id} engine={engine} />
          ))}
        </ul>
      )}
      {adding ? (
        <EngineForm key={JSON.stringify(adding.prefill)} prefill={adding.prefill} focusAddress={adding.focusAddress} onClose={() => setAdding(null)} />
      ) : (
        <div>
          <button type="button" className="button" onClick={() => setAdding({ prefill: {}, focusAddress: false })}>
            {t('engines.add')}
          </button>
        </div>
      )}
    </Section>
  )
}

function EngineRow({ engine }: { engine: RemoteEngine }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const inUse = useRemoteEngines((state) => state.active.kind === 'remote' && state.active.engineId === engine.id)
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [reached, setReached] = useState<RemoteTestResult | null>(null)
  const test = useAction(async () => {
    setReached(null)
    const { id, name, baseUrl, modelId, allowInsecureHttp } = engine
    setReached(await call('engines:test', { engineId: id, name, baseUrl, allowInsecureHttp, ...(modelId !== null && { modelId }) }))
  })
  const remove = useAction(() => call('engines:remove', { engineId: engine.id }))
  const checked = engine.checkedAt ? new Date(engine.checkedAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : t('engines.checked.never')

  return (
    <li className="engine-row" aria-label={engine.name}>
      <div className="engine-row__head">
        <strong className="engine-row__name">{engine.name}</strong>
        {inUse && <span className="engine-row__badge">{t('engines.inUse')}</span>}
        <span className="engine-row__actions">
          <button type="button" className="button button--small" disabled={test.pending} onClick={() => void test.run()}>
            {test.pending ? t('engines.testing') : t('engines.test')}
          </button>
          <button type="button" className="button button--small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {t('engines.edit')}
          </button>
          <button type="button" className="button button--small button--danger-text" onClick={() => setConfirming(true)}>
            {t('engines.remove')}
          </button>
        </span>
      </div>
      <dl className="engine-row__facts">
        <dt>{t('engines.address')}</dt>
        <dd>
          <code>{engine.baseUrl}</code>
          {engine.allowInsecureHttp && <span className="engine-row__insecure"> · {t('engines.insecure')}</span>}
        </dd>
        <dt>{t('engines.models')}</dt>
        <dd>
          {engine.modelId && <span>{t('engines.onlyModel', { model: engine.modelId })}</span>}
          <ModelList models={engine.models} />
        </dd>
        <dt>{t('engines.key')}</dt>
        <dd>{engine.hasKey ? t('engines.key.saved') : t('engines.key.none')}</dd>
        <dt>{t('engines.checked')}</dt>
        <dd>{checked}</dd>
      </dl>
      {reached && <TestResult result={reached} />}
      <ActionError action={test} />
      <ActionError action={remove} />
      {editing && <EngineForm engine={engine} onClose={() => setEditing(false)} />}
      {confirming && (
        <ConfirmDialog
          title={t('engines.remove.title', { name: engine.name })}
          cancelLabel={t('engines.cancel')}
          confirmLabel={t('engines.remove')}
          onConfirm={() => void remove.run()}
          onClose={() => setConfirming(false)}
        >
          <p>{t('engines.remove.body')}</p>
          <p className="muted">
            <code>{engine.baseUrl}</code>
          </p>
        </ConfirmDialog>
      )}
    </li>
  )
}
