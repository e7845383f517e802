import type { EngineState } from '../../../shared/engine'
import { loadedModel } from '../../../shared/engine-plain'
import { useT, type MessageKey } from '../i18n'
import { useChats } from '../stores/chats'
import { useEngine } from '../stores/engine'
import { useActiveRemote } from '../stores/remote-engines'

const labels: Record<EngineState['status'], MessageKey> = {
  idle: 'status.noModel',
  loading: 'status.loading',
  ready: 'status.ready',
  generating: 'status.generating',
  stopped: 'status.stopped'
}

/** The loaded model and what it is doing, in words beside the coloured dot. */
export function ModelStatus(): React.JSX.Element {
  const t = useT()
  const state = useEngine((store) => store.state)
  const remote = useActiveRemote()
  const answering = useChats((store) => store.streaming !== null)
  if (remote) {
    return (
      <span className={`status-bar__model status-bar__model--${answering ? 'generating' : 'ready'}`} title={remote.engine.baseUrl}>
        <span className="status-dot" aria-hidden="true" />
        {t('status.remote')}
        <span className="status-bar__detail">
          {remote.modelId} · {remote.engine.name}
        </span>
      </span>
    )
  }
  const name = loadedModel(state)?.name ?? ''
  // Several answers at once (the window's and the API's): how many run and wait.
  const requests = state.status === 'generating' && (state.requestIds.length > 1 || state.queued > 0) ? ` · ${t('status.requests', { running: state.requestIds.length, queued: state.queued })}` : ''
  const detail = state.status === 'loading' ? `${Math.round(state.progress * 100)}%` : state.status === 'stopped' ? t(`engine.stop.${state.code}`) : `${name}${requests}`
  return (
    <span className={`status-bar__model status-bar__model--${state.status}`} title={state.status === 'stopped' ? [state.reason, state.details].filter(Boolean).join('\n') : undefined}>
      <span className="status-dot" aria-hidden="true" />
      {t(labels[state.status])}
      {detail && <span className="status-bar__detail">{detail}</span>}
    </span>
  )
}
