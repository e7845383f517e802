import { useId } from 'react'
import { loadedModel } from '../../../../shared/engine-plain'
import { toErrorData } from '../../../../shared/errors'
import { modelReference } from '../../../../shared/library-plain'
import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useEngine } from '../../stores/engine'
import { useLibrary } from '../../stores/library'
import { useFitVerdict } from '../library/use-fit-verdict'
import { useRemoteEngines } from '../../stores/remote-engines'
import { offeredModels, remoteChoiceOf, remoteOptionValue } from './engine-choice'

/**
 * Picks what answers the chat: an installed quantisation (loaded by the local engine) or a remote engine's model
 * (`engines:use`), grouped by engine; shows loading progress.
 */
export function ModelPicker(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const engine = useEngine((state) => state.state)
  const load = useEngine((state) => state.load)
  const library = useLibrary((state) => state.snapshot)
  const installed = library?.installed ?? []
  const remotes = useRemoteEngines((state) => state.engines)
  const active = useRemoteEngines((state) => state.active)
  const switchTo = useRemoteEngines((state) => state.switchTo)
  const answering = useChats((state) => state.streaming !== null)
  const verdictOf = useFitVerdict()

  // The engine says which installed model it has ("exaone-4.0-1.2b:Q4_K_M"); a file outside the library shows by its path.
  const target = engine.status === 'loading' ? engine : loadedModel(engine)
  const local = !target ? '' : target.modelId && target.quantId ? modelReference({ modelId: target.modelId, quantId: target.quantId }) : target.path
  const current = active.kind === 'remote' ? remoteOptionValue(active) : local
  const outside = target && !target.modelId ? (loadedModel(engine)?.name ?? target.path) : null
  const choose = (value: string): void => {
    const remote = remoteChoiceOf(value)
    const quant = installed.find((candidate) => modelReference(candidate) === value)
    if (value === current || (!remote && !quant && value !== local)) return
    // A failure shows under the chat like a failed answer: "Try again" does it again, a refused load offers "Load anyway".
    const attempt = async (): Promise<void> => {
      try {
        await switchTo(remote ?? { kind: 'local' })
        if (quant && value !== local) await load({ modelId: quant.modelId, quantId: quant.quantId })
      } catch (error) {
        useChats.setState({ error: toErrorData(error), retry: attempt })
      }
    }
    void attempt()
  }

  return (
    <div className="model-picker">
      <label htmlFor={id} className="visually-hidden">
        {t('chat.model.label')}
      </label>
      <select id={id} className="input model-picker__select" value={current} disabled={engine.status === 'loading' || engine.status === 'generating' || answering} onChange={(event) => choose(event.target.value)}>
        <option value="">{t('chat.model.none')}</option>
        {outside && <option value={current}>{outside}</option>}
        {installed.length > 0 && (
          <optgroup label={t('chat.model.installed')}>
            {installed.map((quant) => (
              <option key={modelReference(quant)} value={modelReference(quant)}>
                {quant.modelName} · {quant.quantId}
                {verdictOf(quant) !== null && ` — ${verdictOf(quant)}`}
              </option>
            ))}
          </optgroup>
        )}
        {remotes.map((remote) => (
          <optgroup key={remote.id} label={t('chat.model.remoteGroup', { engine: remote.name })}>
            {offeredModels(remote).map((modelId) => (
              <option key={modelId} value={remoteOptionValue({ engineId: remote.id, modelId })}>
                {/* The closed picker shows only this line: it says the model is remote, and whose. */}
                {t('chat.model.remoteOption', { model: modelId, engine: remote.name })}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {engine.status === 'loading' && (
        <span className="model-picker__progress" role="status">
          {t('chat.model.loading', { percent: Math.round(engine.progress * 100) })}
        </span>
      )}
    </div>
  )
}
