import { installedModel } from '../../services/library/installed-model'
import { jsonOption, type Command } from '../command'
import { installedKey, openCliModelFiles } from '../model-files-option'

const usage = 'Usage: exaone-desktop verify [<model> <precision>] [--json]'

export const verify: Command = {
  summary: 'Re-read installed files and compare them with their recorded sha256',
  help: `${usage}

Re-reads every installed model (or one) and compares each file's sha256 with the one recorded when it was
installed. Exits 1 when a file changed or is missing.
  --json   machine-readable output`,
  options: { ...jsonOption },
  async run(values, positionals) {
    const files = await openCliModelFiles()
    const key = positionals.length > 0 ? installedKey(positionals, usage) : null
    const chosen = key && installedModel((await files.library.snapshot()).installed, key.modelId, key.quantId)
    const checked = await files.library.verify(chosen ? { modelId: chosen.modelId, quantId: chosen.quantId } : {})
    if (values.json) console.log(JSON.stringify(checked, null, 2))
    else if (checked.length === 0) console.error('Nothing is installed.')
    for (const quant of checked) if (!values.json) console.log(`${`${quant.modelName} ${quant.quantId}`.padEnd(34)} ${quant.check}`)
    return checked.every((quant) => quant.check === 'verified' || quant.check === 'unverified') ? 0 : 1
  }
}
