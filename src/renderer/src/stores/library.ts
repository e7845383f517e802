import { create } from 'zustand'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import type { LibrarySnapshot } from '../../../shared/library'
import { call, on } from '../bridge'

type Key = { modelId: string; quantId: string }

interface LibraryState {
  snapshot: LibrarySnapshot | null
  /** Reading the folder failed (the page shows it with a retry). */
  error: AppErrorData | null
  /** "modelId@quantId" of the rows being re-verified. */
  verifying: string[]
  refresh(): Promise<void>
  verify(key: Key): Promise<void>
}

export const keyOf = (key: { modelId: string; quantId: string }): string => `${key.modelId}@${key.quantId}`

export const useLibrary = create<LibraryState>()((set, get) => ({
  snapshot: null,
  error: null,
  verifying: [],
  async refresh() {
    try {
      set({ snapshot: await call('library:list', {}), error: null })
    } catch (error) {
      set({ error: toErrorData(error) })
    }
  },
  async verify(key) {
    set({ verifying: [...get().verifying, keyOf(key)] })
    try {
      await call('library:verify', key)
    } finally {
      set({ verifying: get().verifying.filter((each) => each !== keyOf(key)) })
    }
  }
}))

export function startLibrarySync(): () => void {
  void useLibrary.getState().refresh()
  return on('library:changed', (snapshot) => useLibrary.setState({ snapshot, error: null }))
}
