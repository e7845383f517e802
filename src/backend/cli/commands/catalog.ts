import type { CatalogModel } from '../../../shared/catalog/catalog'
import { formatContext } from '../../../shared/fit/format-context'
import { formatBytes } from '../../../shared/format'
import { describeCatalogSource, loadCatalog, offlineOption } from '../catalog-option'
import { jsonOption, type Command } from '../command'

export const catalog: Command = {
  summary: 'Every official EXAONE GGUF model: precisions, file sizes, licences',
  help: `Usage: exaone-desktop catalog [--json] [--offline]

Lists LG's EXAONE GGUF repositories on Hugging Face with, per precision, the file names and sizes. Sizes are
exact (with sha256) once Hugging Face has listed them; the listing is saved in the data folder and checked again
after a day. Offline, or with --offline, the saved listing or the built-in approximate sizes (≈) are used.
  --offline  do not contact Hugging Face
  --json     machine-readable output
Hugging Face: the mirror and token saved in Settings ("config set huggingFaceEndpoint URL"), else the environment: HF_ENDPOINT (a mirror, e.g. https://hf-mirror.com), HF_TOKEN (for gated repos).`,
  options: { ...jsonOption, ...offlineOption },
  async run(values) {
    const result = await loadCatalog(values.offline === true)
    if (values.json) {
      console.log(JSON.stringify(result, null, 2))
      return 0
    }
    console.log(result.models.map(describeModel).join('\n\n'))
    console.error(`\n${describeCatalogSource(result)}`)
    return 0
  }
}

const reasoningWords: Record<CatalogModel['reasoning'], string> = {
  none: 'no reasoning mode',
  always: 'always reasons first',
  'off-by-default': 'reasoning on request',
  'on-by-default': 'reasoning by default'
}

function describeModel(model: CatalogModel): string {
  const { architecture, parameters } = model
  const size = parameters.active < parameters.total
    ? `${(parameters.total / 1e9).toFixed(0)}B parameters (${(parameters.active / 1e9).toFixed(0)}B active)`
    : `${(parameters.total / 1e9).toFixed(1)}B parameters`
  const lines = [
    `${model.name}  [${model.id}]  ${model.pageUrl}`,
    `  ${size} · ${formatContext(architecture.trainedContext)} context · ${reasoningWords[model.reasoning]} · llama.cpp ${model.llamaArchitecture}`,
    `  Licence: ${model.licence.name}${model.licence.commercialUse ? '' : ' (non-commercial)'} · ${model.licence.url}`
  ]
  if (model.imageProjector) {
    lines.push(`  Images: needs ${model.imageProjector.name}${model.imageProjector.sizeBytes ? ` (${formatBytes(model.imageProjector.sizeBytes)})` : ''} beside the text model`)
  }
  for (const quant of model.quants) {
    if (quant.inRepo === false) continue
    const approximate = quant.sizeSource === 'exact' ? ' ' : '≈'
    const files = `${quant.files[0]?.name ?? ''}${quant.files.length > 1 ? ` (part 1 of ${quant.files.length})` : ''}`
    lines.push(`  ${quant.id.padEnd(7)} ${`${quant.precisionBits}-bit`.padEnd(6)} ${approximate}${formatBytes(quant.sizeBytes).padStart(8)}  ${files}`)
  }
  return lines.join('\n')
}
