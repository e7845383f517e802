import { useId } from 'react'
import { defaultContextTokens } from '../../../../shared/engine'
import { modelById } from '../../../../shared/catalog/lookup'
import { toErrorData } from '../../../../shared/errors'
import { evaluateFit } from '../../../../shared/fit/advisor'
import { describeVerdict } from '../../../../shared/fit/reasons'
import type { InstalledQuant } from '../../../../shared/library'
import { useLocale, useT } from '../../i18n'
import { useCatalog } from '../../stores/catalog'
import { useChats } from '../../stores/chats'
import { useEngine } from '../../stores/engine'
import { useHardware } from '../../stores/hardware'
import { useLibrary } from '../../stores/library'

/** Picks an installed quantisation and loads it; shows loading progress and a stopped engine's reason. */
export function ModelPicker(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const engine = useEngine((state) => state.state)
  const load = useEngine((state) => state.load)
  const library = useLibrary((state) => state.snapshot)
  const verdictOf = useVerdicts()

  const loadedPath = engine.status === 'ready' || engine.status === 'generating' ? engine.model.path : engine.status === 'loading' ? engine.path : ''
  const loadedName = engine.status === 'ready' || engine.status === 'generating' ? engine.model.name : null
  const choose = (path: string): void => {
    if (!path || path === loadedPath) return
    load({ path }).catch((error: unknown) => useChats.setState({ error: toErrorData(error) }))
  }

  return (
    <div className="model-picker">
      <label htmlFor={id} className="visually-hidden">
        {t('chat.model.label')}
      </label>
      <select id={id} className="input model-picker__select" value={loadedPath} disabled={engine.status === 'loading' || engine.status === 'generating'} onChange={(event) => choose(event.target.value)}>
        <option value="">{t('chat.model.none')}</option>
        {loadedPath && !library?.installed.some((quant) => quant.path === loadedPath) && <option value={loadedPath}>{loadedName ?? loadedPath}</option>}
        <optgroup label={t('chat.model.installed')}>
          {library?.installed.map((quant) => (
            <option key={quant.path} value={quant.path}>
              {quant.modelName} · {quant.quantId}
              {verdictOf(quant)}
            </option>
          ))}
        </optgroup>
      </select>
      {engine.status === 'loading' && (
        <span className="model-picker__progress" role="status">
          {t('chat.model.loading', { percent: Math.round(engine.progress * 100) })}
        </span>
      )}
    </div>
  )
}

/** The fit verdict beside each installed file, for this machine at the default context. */
function useVerdicts(): (quant: InstalledQuant) => string {
  const locale = useLocale()
  const catalog = useCatalog((state) => state.catalog)
  const probe = useHardware((state) => state.probe)
  return (installed) => {
    const model = catalog && modelById(catalog.models, installed.modelId)
    const quant = model?.quants.find((candidate) => candidate.id === installed.quantId)
    if (!model || !quant || !probe) return ''
    return ` — ${describeVerdict(evaluateFit({ model, quant, hardware: probe, contextTokens: defaultContextTokens }), locale)}`
  }
}
