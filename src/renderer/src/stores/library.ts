import { create } from 'zustand'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import type { LibraryProgress, LibrarySnapshot } from '../../../shared/library'
import { call, on } from '../bridge'
import { navigate } from './navigation'

type Key = { modelId: string; quantId: string }

interface LibraryState {
  snapshot: LibrarySnapshot | null
  /** Reading the folder failed (the page shows it with a retry). */
  error: AppErrorData | null
  /** "modelId@quantId" of the rows being re-verified. */
  verifying: string[]
  /** A file dropped on the window (the app only), checked by main, until the Library's import dialog takes it. */
  dropped: { path: string | null; error: AppErrorData | null } | null
  /** The last word on the import or folder move running, for its dialog; null before the first and once it is done. */
  progress: LibraryProgress | null
  refresh(): Promise<void>
  verify(key: Key): Promise<void>
}

export const keyOf = (key: { modelId: string; quantId: string }): string => `${key.modelId}@${key.quantId}`

export const useLibrary = create<LibraryState>()((set, get) => ({
  snapshot: null,
  error: null,
  verifying: [],
  dropped: null,
  progress: null,
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
  const stops = [
    on('library:changed', (snapshot) => useLibrary.setState({ snapshot, error: null })),
    on('library:progress', (progress) => useLibrary.setState({ progress })),
    // Wherever it is dropped, the Library offers to import it.
    on('library:dropped', (dropped) => {
      useLibrary.setState({ dropped })
      navigate('library')
    })
  ]
  return () => stops.forEach((stop) => stop())
}
