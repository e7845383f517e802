/** Finding a model or a quantisation from what a person typed: case, spaces and punctuation do not matter. */
import { AppError } from '../errors'
import type { CatalogModel, CatalogQuant } from './catalog'
import { fileStem } from './catalog'
import { findQuantId, normaliseName, quantIds } from './quantisations'

const modelKey = (text: string): string => normaliseName(text.replace(/^lgai-exaone\//i, '').replace(/-gguf$/i, '').replace(/-instruct$/i, ''))

export function findModel<M extends Pick<CatalogModel, 'id' | 'name' | 'repo'>>(models: readonly M[], text: string): M {
  const wanted = modelKey(text)
  const found = models.find((model) => [model.id, model.name, fileStem(model.repo)].some((name) => modelKey(name) === wanted))
  if (found) return found
  throw new AppError({
    code: 'not-found',
    message: `There is no EXAONE model called "${text}".`,
    hint: `Choose one of: ${models.map((model) => model.id).join(', ')}.`
  })
}

/** The model with this exact id (the `modelId` of the library, downloads and the engine), or undefined. */
export function modelById<M extends { id: string }>(list: readonly M[], id: string): M | undefined {
  return list.find((model) => model.id === id)
}

/** `modelById` where the id must exist: otherwise an error that names it and the ids there are. */
export function requireModelById<M extends { id: string }>(list: readonly M[], id: string): M {
  const found = modelById(list, id)
  if (found) return found
  throw new AppError({ code: 'not-found', message: `There is no EXAONE model with the id "${id}".`, hint: `Choose one of: ${list.map((model) => model.id).join(', ')}.` })
}

export function findQuant(model: Pick<CatalogModel, 'name' | 'quants'>, text: string): CatalogQuant {
  const id = findQuantId(text)
  const found = id && model.quants.find((quant) => quant.id === id && quant.inRepo !== false)
  if (found) return found
  const offered = model.quants.filter((quant) => quant.inRepo !== false).map((quant) => quant.id)
  throw new AppError({
    code: 'not-found',
    message: id ? `${model.name} is not published as ${id}.` : `"${text}" is not a precision EXAONE files come in.`,
    hint: `Choose one of: ${(offered.length > 0 ? offered : quantIds).join(', ')} (case does not matter).`
  })
}
