import { useEffect, useId, useState } from 'react'
import type { LibrarySnapshot } from '../../../../shared/library'
import { toErrorData } from '../../../../shared/errors'
import { call, on } from '../../bridge'
import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useEngine } from '../../stores/engine'

/** Picks an installed quantisation and loads it; shows loading progress and a stopped engine's reason. */
export function ModelPicker(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const engine = useEngine((state) => state.state)
  const load = useEngine((state) => state.load)
  const [library, setLibrary] = useState<LibrarySnapshot | null>(null)

  useEffect(() => {
    void call('library:list', {}).then(setLibrary)
    return on('library:changed', setLibrary)
  }, [])

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
      <select id={id} className="model-picker__select" value={loadedPath} disabled={engine.status === 'loading' || engine.status === 'generating'} onChange={(event) => choose(event.target.value)}>
        <option value="">{t('chat.model.none')}</option>
        {loadedPath && !library?.installed.some((quant) => quant.path === loadedPath) && <option value={loadedPath}>{loadedName ?? loadedPath}</option>}
        <optgroup label={t('chat.model.installed')}>
          {library?.installed.map((quant) => (
            <option key={quant.path} value={quant.path}>
              {quant.modelName} · {quant.quantId}
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
