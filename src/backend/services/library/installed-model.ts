/**
 * Finding an installed model: by the library's ids (the engine's loads), or by what a person types, such as
 * "exaone-4.0-1.2b", "EXAONE-4.0-1.2B:q8_0" or "custom:ko-tune-7b" (the CLI's --model, and model names in API requests).
 */
import { resolveModel } from '../../../shared/catalog/catalog'
import { findModel, findQuant, modelById } from '../../../shared/catalog/lookup'
import { models } from '../../../shared/catalog/models'
import { normaliseName } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import { customPrefix, type InstalledQuant } from '../../../shared/library'
import { modelReference } from '../../../shared/library-plain'

/**
 * The installed file of a model; without a precision, the one used last (else the first installed). A model that is
 * not installed is an error that says which, what is installed, and how to get it.
 */
export function installedModel(installed: readonly InstalledQuant[], modelId: string, quantId?: string): InstalledQuant {
  const chosen = findInstalled(installed, modelId, quantId)
  if (chosen) return chosen
  throw notInstalled(installed, modelId, quantId)
}

/** `installedModel` without the error; the precision matched as people type it ("q3_k_m" is Q3_K_M). */
export function findInstalled(installed: readonly InstalledQuant[], modelId: string, quantId?: string): InstalledQuant | undefined {
  const candidates = installed.filter((quant) => quant.modelId === modelId && (quantId === undefined || normaliseName(quant.quantId) === normaliseName(quantId)))
  return candidates.sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''))[0]
}

/** The error for a model that is not installed: which, what is installed, and how to get it. */
export function notInstalled(installed: readonly InstalledQuant[], modelId: string, quantId?: string): AppError {
  const entry = modelById(models, modelId)
  const name = entry?.name ?? (modelId.startsWith(customPrefix) ? modelId : undefined)
  const what = name ? `${name}${quantId ? ` ${quantId}` : ''} is not installed.` : `There is no EXAONE model with the id "${modelId}".`
  const download = entry ? `Download it first: exaone-desktop download ${entry.id} ${quantId ?? 'Q4_K_M'} --accept-licence (or from the Models page). ` : ''
  const list = installed.length > 0 ? `Installed: ${installed.map(modelReference).join(', ')}` : 'Nothing is installed yet'
  return new AppError({ code: 'not-found', message: what, hint: `${download}${list} (the Library page and "exaone-desktop list" show them).` })
}

/**
 * "exaone-4.0-1.2b" or "EXAONE 4.0 1.2B:q4_k_m": a catalog model, and a precision if one was given. A custom
 * import is named by its library id, "custom:ko-tune-7b" or "custom:ko-tune-7b:Q3_K_M".
 */
export function parseModelReference(text: string): { modelId: string; quantId?: string } {
  if (text.toLowerCase().startsWith(customPrefix)) {
    const [slug = '', quantText] = text.slice(customPrefix.length).split(':')
    return { modelId: `${customPrefix}${slug.toLowerCase()}`, ...(quantText !== undefined && { quantId: quantText }) }
  }
  const [modelText = '', quantText] = text.split(':')
  const model = findModel(models.map((entry) => resolveModel(entry)), modelText)
  return { modelId: model.id, ...(quantText !== undefined && { quantId: findQuant(model, quantText).id }) }
}
