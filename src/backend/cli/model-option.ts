/** --model: a .gguf path, or an installed model by id with an optional precision ("exaone-4.0-1.2b:Q4_K_M"). */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { resolveModel } from '../../shared/catalog/catalog'
import { findModel } from '../../shared/catalog/lookup'
import { models } from '../../shared/catalog/models'
import { findQuantId } from '../../shared/catalog/quantisations'
import { AppError } from '../../shared/errors'
import { openCliModelFiles } from './model-files-option'

export async function resolveModelFile(value: string | undefined): Promise<string> {
  if (!value) {
    throw new AppError({
      code: 'bad-request',
      message: '--model is required.',
      hint: 'Give a .gguf path, or an installed model: --model exaone-4.0-1.2b (or exaone-4.0-1.2b:Q4_K_M). "list" shows what is installed.'
    })
  }
  const path = resolve(value)
  if ((await stat(path).catch(() => null))?.isFile()) return path
  if (/[\\/]|\.gguf$/i.test(value)) throw new AppError({ code: 'not-found', message: `No model file at ${path}.`, hint: 'Check the path.' })

  const [modelText = '', quantText] = value.split(':')
  const model = findModel(models.map((entry) => resolveModel(entry)), modelText)
  const quantId = quantText === undefined ? undefined : findQuantId(quantText)
  const { library } = await openCliModelFiles()
  const installed = (await library.snapshot()).installed.filter((quant) => quant.modelId === model.id && (quantId === undefined || quant.quantId === quantId))
  // Several precisions of one model: the one used last, else the first installed.
  const chosen = installed.sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''))[0]
  if (chosen) return chosen.path
  throw new AppError({
    code: 'not-found',
    message: `${model.name}${quantId ? ` ${quantId}` : ''} is not installed.`,
    hint: `Download it first: exaone-desktop download ${model.id} ${quantId ?? 'Q4_K_M'} --accept-licence`
  })
}
