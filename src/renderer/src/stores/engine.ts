import { create } from 'zustand'
import type { EngineState, LoadRequest } from '../../../shared/engine'
import { loadedModel } from '../../../shared/engine-plain'
import { call, follow } from '../bridge'

interface EngineStore {
  state: EngineState
  /** The last load asked for: what "Load anyway" repeats when the fit advisor refused it. */
  lastLoad: LoadRequest | null
  load(request: LoadRequest): Promise<void>
  /** Loads the refused model regardless of the advice; the host still stops it if memory runs low. */
  loadAnyway(): Promise<void>
  unload(): Promise<void>
}

/** Mirrors the engine's state (idle, loading, ready, generating, stopped) from one subscription. */
export const useEngine = create<EngineStore>()(() => ({
  state: { status: 'idle' },
  lastLoad: null,
  async load(request) {
    useEngine.setState({ lastLoad: request })
    await call('engine:load', request)
  },
  async loadAnyway() {
    const last = useEngine.getState().lastLoad
    if (last) await useEngine.getState().load({ ...last, override: true })
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
