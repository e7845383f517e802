import { basename } from 'node:path'
import { formatBytes } from '../../../shared/format'
import { AppError } from '../../../shared/errors'
import type { LibraryProgress } from '../../../shared/library'
import { jsonOption, type Command } from '../command'
import { openCliModelFiles } from '../model-files-option'
import { ProgressLine } from '../progress-line'

export const importCommand: Command = {
  summary: 'Add a local .gguf file to the library (checked and identified first)',
  help: `Usage: exaone-desktop import <file.gguf> [--move] [--json]

Checks that the file is a GGUF v3 EXAONE model, tells which model and precision it is from its header, and
copies it into the models folder (its sha256 is recorded for "verify").
  --move   move the file instead of copying it (from another disk, the original goes once the copy is checked)
Ctrl+C stops it and leaves the models folder and the file as they were (exit code 130).
  --json   print the installed model as JSON instead of its path`,
  options: { move: { type: 'boolean' }, ...jsonOption },
  async run(values, positionals) {
    const [path, ...extra] = positionals
    if (!path || extra.length > 0) throw new AppError({ code: 'bad-request', message: 'Give one .gguf file to import.', hint: 'Usage: exaone-desktop import <file.gguf> [--move]' })
    const files = await openCliModelFiles()
    // Ctrl+C stops the import, which takes back what it had put in the models folder. \`on\`, not \`once\`: a library's
    // exit hook (signal-exit) re-sends the signal when it finds no other listener, which would kill us before the undo.
    const stop = (): void => void files.library.cancelImports()
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    // A 20 GB copy takes minutes: each step and how far it has got.
    const line = new ProgressLine()
    files.hub.on('library:progress', (progress) => line.show(describe(progress), progress.doneBytes === 0 || progress.doneBytes === progress.totalBytes))
    const installed = await files.library
      .import(path, values.move === true)
      .catch((error: unknown) => {
        if ((error as AppError).code !== 'cancelled') throw error
        return null
      })
      .finally(() => {
        line.end()
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      })
    if (!installed) {
      console.error('Stopped. The models folder is as it was, and the file where it was.')
      return 130
    }
    const check = installed.check === 'verified' ? 'matches Hugging Face\'s sha256' : 'no official sha256 to compare with; its own was recorded'
    console.error(`Imported ${installed.modelName} ${installed.quantId} (${formatBytes(installed.sizeBytes)}, ${check}).`)
    console.log(values.json ? JSON.stringify(installed, null, 2) : installed.path)
    return 0
  }
}

const stepWords: Record<LibraryProgress['step'], string> = {
  checking: 'checking its sha256',
  copying: 'copying',
  verifying: 'reading the copy back to verify it'
}

function describe(progress: LibraryProgress): string {
  const part = progress.parts > 1 ? ` (part ${progress.part} of ${progress.parts})` : ''
  const percent = progress.totalBytes > 0 ? Math.floor((progress.doneBytes / progress.totalBytes) * 100) : 100
  return `Importing ${basename(progress.source)}${part}: ${stepWords[progress.step]} · ${percent}% · ${formatBytes(progress.doneBytes)} of ${formatBytes(progress.totalBytes)}`
}
