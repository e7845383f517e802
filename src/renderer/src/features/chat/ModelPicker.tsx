import { useId } from 'react'
import { loadedModel } from '../../../../shared/engine'
import { toErrorData } from '../../../../shared/errors'
import { modelReference } from '../../../../shared/library'
import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useEngine } from '../../stores/engine'
import { useLibrary } from '../../stores/library'
import { useFitVerdict } from '../library/use-fit-verdict'

/** Picks an installed quantisation and loads it; shows loading progress and a stopped engine's reason. */
export function ModelPicker(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const engine = useEngine((state) => state.state)
  const load = useEngine((state) => state.load)
  const library = useLibrary((state) => state.snapshot)
  const verdictOf = useFitVerdict()

  // The engine says which installed model it has ("exaone-4.0-1.2b:Q4_K_M"); a file outside the library shows by its path.
  const target = engine.status === 'loading' ? engine : loadedModel(engine)
  const current = !target ? '' : target.modelId && target.quantId ? modelReference({ modelId: target.modelId, quantId: target.quantId }) : target.path
  const outside = target && !target.modelId ? (loadedModel(engine)?.name ?? target.path) : null
  const choose = (value: string): void => {
    const quant = library?.installed.find((candidate) => modelReference(candidate) === value)
    if (!quant || value === current) return
    const request = { modelId: quant.modelId, quantId: quant.quantId }
    // A failed load shows under the chat like a failed answer: "Try again" loads again, a refusal offers "Load anyway".
    const attempt = (): Promise<void> => load(request).catch((error: unknown) => useChats.setState({ error: toErrorData(error), retry: attempt }))
    void attempt()
  }

  return (
    <div className="model-picker">
      <label htmlFor={id} className="visually-hidden">
        {t('chat.model.label')}
      </label>
      <select id={id} className="input model-picker__select" value={current} disabled={engine.status === 'loading' || engine.status === 'generating'} onChange={(event) => choose(event.target.value)}>
        <option value="">{t('chat.model.none')}</option>
        {outside && <option value={current}>{outside}</option>}
        <optgroup label={t('chat.model.installed')}>
          {library?.installed.map((quant) => (
            <option key={modelReference(quant)} value={modelReference(quant)}>
              {quant.modelName} · {quant.quantId}
              {verdictOf(quant) !== null && ` — ${verdictOf(quant)}`}
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
