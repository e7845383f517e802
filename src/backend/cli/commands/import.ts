import { formatBytes } from '../../../shared/format'
import { AppError } from '../../../shared/errors'
import { jsonOption, type Command } from '../command'
import { openCliModelFiles } from '../model-files-option'

export const importCommand: Command = {
  summary: 'Add a local .gguf file to the library (checked and identified first)',
  help: `Usage: exaone-desktop import <file.gguf> [--move] [--json]

Checks that the file is a GGUF v3 EXAONE model, tells which model and precision it is from its header, and
copies it into the models folder (its sha256 is recorded for "verify").
  --move   move the file instead of copying it
  --json   print the installed model as JSON instead of its path`,
  options: { move: { type: 'boolean' }, ...jsonOption },
  async run(values, positionals) {
    const [path, ...extra] = positionals
    if (!path || extra.length > 0) throw new AppError({ code: 'bad-request', message: 'Give one .gguf file to import.', hint: 'Usage: exaone-desktop import <file.gguf> [--move]' })
    const files = await openCliModelFiles()
    const installed = await files.library.import(path, values.move === true)
    const check = installed.check === 'verified' ? 'matches Hugging Face\'s sha256' : 'no official sha256 to compare with; its own was recorded'
    console.error(`Imported ${installed.modelName} ${installed.quantId} (${formatBytes(installed.sizeBytes)}, ${check}).`)
    console.log(values.json ? JSON.stringify(installed, null, 2) : installed.path)
    return 0
  }
}
