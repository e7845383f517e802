import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

/**
 * Runs `onChange` after the file at `path` is written, by this process or another (the CLI beside the window).
 * It watches the file's folder: an atomic write replaces the file, and a watch on the file itself would stay with
 * the old one. Changes that come while `onChange` runs make one more run after it, not one each. Where the system
 * cannot watch the folder, nothing runs: the file is still read whenever it is changed here.
 */
export function onFileChange(path: string, onChange: () => Promise<void>): { close(): void } {
  let running = false
  let again = false
  const run = (): void => {
    if (running) {
      again = true
      return
    }
    running = true
    void onChange()
      .catch(() => undefined)
      .finally(() => {
        running = false
        if (again) {
          again = false
          run()
        }
      })
  }
  let watcher: FSWatcher | null = null
  try {
    // Not persistent: a watch alone never keeps the process running. Some systems give no name (null): maybe ours.
    watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      if (filename === null || filename === basename(path)) run()
    })
    watcher.on('error', () => watcher?.close())
  } catch {
    watcher = null
  }
  return { close: () => watcher?.close() }
}
