/** How an import or a move of the models folder tells the windows how far it has got (`library:progress`). */
import type { LibraryProgress } from '../../../shared/library'

export type Step = LibraryProgress['step']
/** One file's step: its bytes done so far. */
export type FileProgress = (step: Step, bytes: number) => void
/** The `index`th file's step. */
export type Report = (step: Step, index: number, bytes: number) => void

/** Emits each step of each file as it starts and ends, and every 200 ms between. */
export function progressReporter(emit: (progress: LibraryProgress) => void, task: LibraryProgress['task'], files: readonly string[], sizes: readonly number[]): Report {
  let last = { step: '', index: -1, at: 0 }
  return (step, index, doneBytes) => {
    const totalBytes = sizes[index] ?? 0
    const now = Date.now()
    if (step === last.step && index === last.index && doneBytes > 0 && doneBytes < totalBytes && now - last.at < 200) return
    last = { step, index, at: now }
    emit({ task, source: files[index] ?? '', step, part: index + 1, parts: files.length, doneBytes, totalBytes })
  }
}
