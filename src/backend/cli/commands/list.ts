import { percentDone } from '../../../shared/downloads-plain'
import { formatBytes } from '../../../shared/format'
import { modelReference } from '../../../shared/library-plain'
import { jsonOption, type Command } from '../command'
import { openCliModelFiles } from '../model-files-option'

export const list: Command = {
  summary: 'Installed models, half-done downloads and the disk they use',
  help: `Usage: exaone-desktop list [--json]

Lists the models installed in the models folder (precision, size, check, dates, and the name --model takes)
and any half-done download that "exaone-desktop download" would carry on with.
  --json   machine-readable output: {"library": ..., "downloads": [...]}`,
  options: { ...jsonOption },
  async run(values) {
    const files = await openCliModelFiles()
    const library = await files.library.snapshot()
    const downloads = files.downloads.list()
    if (values.json) {
      console.log(JSON.stringify({ library, downloads }, null, 2))
      return 0
    }
    const free = library.freeBytes !== null ? ` · ${formatBytes(library.freeBytes)} free on ${library.volume}` : ''
    console.log(`Models folder: ${library.folder}${free}`)
    if (library.installed.length === 0 && downloads.length === 0) console.log('Nothing installed yet. Try: exaone-desktop download exaone-4.0-1.2b Q4_K_M --accept-licence')
    for (const quant of library.installed) {
      const used = quant.lastUsedAt ? `last used ${quant.lastUsedAt.slice(0, 10)}` : 'never used'
      // The reference is what --model takes (and what the API server lists).
      console.log(`  ${`${quant.modelName} ${quant.quantId}`.padEnd(34)} ${formatBytes(quant.sizeBytes).padStart(8)}  ${quant.check.padEnd(10)}  installed ${quant.installedAt.slice(0, 10)}, ${used}  ${modelReference(quant)}`)
    }
    for (const item of downloads) {
      const percent = item.totalBytes ? `${percentDone(item)}% of ${formatBytes(item.totalBytes)}` : 'not started'
      console.log(`  ${`${item.modelName} ${item.quantId}`.padEnd(34)} half done (${percent}): exaone-desktop download ${item.modelId} ${item.quantId}`)
    }
    console.log(`Total: ${formatBytes(library.installedBytes)} installed${library.partialBytes > 0 ? `, ${formatBytes(library.partialBytes)} in half-done downloads` : ''}`)
    return 0
  }
}
