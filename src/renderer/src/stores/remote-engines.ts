import { create } from 'zustand'
import type { EngineChoice, RemoteEngine, RemoteEngines } from '../../../shared/remote-engines'
import { call, follow } from '../bridge'

interface RemoteEnginesStore extends RemoteEngines {
  /** False until the backend's first answer: the list shows its loading state until then. */
  loaded: boolean
  /** Tells the backend which engine the chat uses; the answer (and `engines:changed`) updates the store. */
  switchTo(choice: EngineChoice): Promise<void>
}

/** Mirrors the backend's remote engines and the chat's engine choice from one subscription. */
export const useRemoteEngines = create<RemoteEnginesStore>()(() => ({
  engines: [],
  active: { kind: 'local' },
  loaded: false,
  async switchTo(choice) {
    useRemoteEngines.setState({ ...(await call('engines:use', choice)), loaded: true })
  }
}))

export function startRemoteEnginesSync(): () => void {
  return follow(
    'engines:changed',
    'engines:list',
    {},
    (value) => useRemoteEngines.setState({ ...value, loaded: true }),
    // A list that could not be read counts as none, so the chat page does not wait for it for ever.
    () => useRemoteEngines.setState({ loaded: true })
  )
}

/** The remote engine and model the chat uses now, or null while it uses the local engine. */
export function useActiveRemote(): { engine: RemoteEngine; modelId: string } | null {
  const engines = useRemoteEngines((state) => state.engines)
  const active = useRemoteEngines((state) => state.active)
  return activeRemote({ engines, active })
}

export function activeRemote(state: RemoteEngines): { engine: RemoteEngine; modelId: string } | null {
  const { active } = state
  if (active.kind !== 'remote') return null
  const engine = state.engines.find((candidate) => candidate.id === active.engineId)
  return engine ? { engine, modelId: active.modelId } : null
}

/** The element id of Settings > Remote engines, where errors about a remote engine lead. */
export const remoteEnginesSection = 'remote-engines'
