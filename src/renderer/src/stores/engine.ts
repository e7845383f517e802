import { create } from 'zustand'
import { loadedModel, type EngineState, type LoadRequest } from '../../../shared/engine'
import { call, follow } from '../bridge'

interface EngineStore {
  state: EngineState
  load(request: LoadRequest): Promise<void>
  unload(): Promise<void>
}

/** Mirrors the engine's state (idle, loading, ready, generating, stopped) from one subscription. */
export const useEngine = create<EngineStore>()(() => ({
  state: { status: 'idle' },
  async load(request) {
    await call('engine:load', request)
  },
  async unload() {
    useEngine.setState({ state: await call('engine:unload', {}) })
  }
}))

export function startEngineSync(): () => void {
  return follow('engine:state', 'engine:state', {}, (state) => useEngine.setState({ state }))
}

export function loadedModelName(state: EngineState): string | null {
  return loadedModel(state)?.name ?? null
}
