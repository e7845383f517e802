import { formatBytes } from '../../../shared/format'
import { AppError } from '../../../shared/errors'
import { jsonOption, type Command } from '../command'
import { modelAndQuant, openCliModelFiles } from '../model-files-option'

const usage = 'Usage: exaone-desktop delete <model> <precision> [--json], e.g. delete exaone-4.0-1.2b Q4_K_M'

export const deleteCommand: Command = {
  summary: 'Delete an installed model (or discard a half-done download)',
  help: `${usage}

Deletes the model's files at that precision from the models folder, or, when it is only half downloaded,
discards the partial files.
  --json   print {"deleted": "installed" | "partial", "freedBytes": N}`,
  options: { ...jsonOption },
  async run(values, positionals) {
    const { model, quant } = modelAndQuant(positionals, usage)
    const files = await openCliModelFiles()
    const installed = await files.library.find(model.id, quant.id)
    if (installed) {
      await files.library.delete({ modelId: model.id, quantId: quant.id })
      console.error(`Deleted ${model.name} ${quant.id}: ${formatBytes(installed.sizeBytes)} freed.`)
      if (values.json) console.log(JSON.stringify({ deleted: 'installed', freedBytes: installed.sizeBytes }))
      return 0
    }
    const partial = files.downloads.list().find((item) => item.modelId === model.id && item.quantId === quant.id)
    if (!partial) throw new AppError({ code: 'not-found', message: `${model.name} ${quant.id} is not installed.`, hint: 'See what is with: exaone-desktop list' })
    await files.downloads.cancel(partial.id)
    console.error(`Discarded the half-done download of ${model.name} ${quant.id}.`)
    if (values.json) console.log(JSON.stringify({ deleted: 'partial', freedBytes: partial.receivedBytes }))
    return 0
  }
}
