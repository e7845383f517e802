import { formatBytes } from '../../../shared/format'
import { findInstalled, notInstalled } from '../../services/library/installed-model'
import { jsonOption, type Command } from '../command'
import { installedKey, openCliModelFiles } from '../model-files-option'

const usage = 'Usage: exaone-desktop delete <model> <precision> [--json], e.g. delete exaone-4.0-1.2b Q4_K_M or delete custom:ko-tune Q3_K_M'

export const deleteCommand: Command = {
  summary: 'Delete an installed model (or discard a half-done download)',
  help: `${usage}

Deletes the model's files at that precision from the models folder, or, when it is only half downloaded,
discards the partial files.
  --json   print {"deleted": "installed" | "partial", "freedBytes": N}`,
  options: { ...jsonOption },
  async run(values, positionals) {
    const key = installedKey(positionals, usage)
    const files = await openCliModelFiles()
    const { installed: all } = await files.library.snapshot()
    const installed = findInstalled(all, key.modelId, key.quantId)
    if (installed) {
      await files.library.delete(installed)
      console.error(`Deleted ${installed.modelName} ${installed.quantId}: ${formatBytes(installed.sizeBytes)} freed.`)
      if (values.json) console.log(JSON.stringify({ deleted: 'installed', freedBytes: installed.sizeBytes }))
      return 0
    }
    const partial = files.downloads.list().find((item) => item.modelId === key.modelId && item.quantId === key.quantId)
    if (!partial) throw notInstalled(all, key.modelId, key.quantId)
    await files.downloads.cancel(partial.id)
    console.error(`Discarded the half-done download of ${partial.modelName} ${partial.quantId}.`)
    if (values.json) console.log(JSON.stringify({ deleted: 'partial', freedBytes: partial.receivedBytes }))
    return 0
  }
}
