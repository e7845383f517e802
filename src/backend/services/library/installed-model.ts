/**
 * Finding an installed model: by the library's ids (the engine's loads), or by what a person types, such as
 * "exaone-4.0-1.2b" or "EXAONE-4.0-1.2B:q8_0" (the CLI's --model, and model names in API requests).
 */
import { resolveModel } from '../../../shared/catalog/catalog'
import { findModel, findQuant, modelById } from '../../../shared/catalog/lookup'
import { models } from '../../../shared/catalog/models'
import type { QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import { modelReference, type InstalledQuant } from '../../../shared/library'

/**
 * The installed file of a model; without a precision, the one used last (else the first installed). A model that is
 * not installed is an error that says which, what is installed, and how to get it.
 */
export function installedModel(installed: readonly InstalledQuant[], modelId: string, quantId?: QuantId): InstalledQuant {
  const entry = modelById(models, modelId)
  const candidates = installed.filter((quant) => quant.modelId === modelId && (quantId === undefined || quant.quantId === quantId))
  const chosen = candidates.sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''))[0]
  if (chosen) return chosen
  const what = entry ? `${entry.name}${quantId ? ` ${quantId}` : ''} is not installed.` : `There is no EXAONE model with the id "${modelId}".`
  const download = entry ? `Download it first: exaone-desktop download ${entry.id} ${quantId ?? 'Q4_K_M'} --accept-licence (or from the Models page). ` : ''
  const list = installed.length > 0 ? `Installed: ${installed.map(modelReference).join(', ')}` : 'Nothing is installed yet'
  throw new AppError({ code: 'not-found', message: what, hint: `${download}${list} (the Library page and "exaone-desktop list" show them).` })
}

/** "exaone-4.0-1.2b" or "EXAONE 4.0 1.2B:q4_k_m": a catalog model, and a precision if one was given. */
export function parseModelReference(text: string): { modelId: string; quantId?: QuantId } {
  const [modelText = '', quantText] = text.split(':')
  const model = findModel(models.map((entry) => resolveModel(entry)), modelText)
  return { modelId: model.id, ...(quantText !== undefined && { quantId: findQuant(model, quantText).id }) }
}
