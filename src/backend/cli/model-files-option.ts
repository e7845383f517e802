/** The models folder's services for a CLI command, and the `<model> <quant>` arguments several commands take. */
import { resolveModel, type CatalogModel, type CatalogQuant } from '../../shared/catalog/catalog'
import { findModel, findQuant } from '../../shared/catalog/lookup'
import { models } from '../../shared/catalog/models'
import { AppError } from '../../shared/errors'
import { roundTimeLeft } from '../../shared/format'
import { EventHub } from '../event-hub'
import { dataPaths, resolveDataDir } from '../paths'
import { openModelFiles, type ModelFiles } from '../services/model-files'
import { parseModelReference } from '../services/library/installed-model'
import { SettingsStore } from '../services/settings-store'

export interface CliModelFiles extends ModelFiles {
  hub: EventHub
}

export async function openCliModelFiles(): Promise<CliModelFiles> {
  const paths = dataPaths(resolveDataDir())
  const hub = new EventHub()
  return { ...(await openModelFiles({ paths, hub, settings: new SettingsStore(paths.settings, hub) })), hub }
}

export function modelAndQuant(positionals: string[], usage: string): { model: CatalogModel; quant: CatalogQuant } {
  const [modelText, quantText, ...extra] = positionals
  if (!modelText || !quantText || extra.length > 0) throw new AppError({ code: 'bad-request', message: 'Give a model and a precision.', hint: usage })
  const model = findModel(models.map((entry) => resolveModel(entry)), modelText)
  return { model, quant: findQuant(model, quantText) }
}

/** `<model> <precision>` of an installed model or a half-done download: a catalog model, or a custom import ("custom:ko-tune Q3_K_M"). */
export function installedKey(positionals: string[], usage: string): { modelId: string; quantId: string } {
  const [modelText, quantText, ...extra] = positionals
  if (!modelText || !quantText || extra.length > 0) throw new AppError({ code: 'bad-request', message: 'Give a model and a precision.', hint: usage })
  const { modelId, quantId = quantText } = parseModelReference(`${modelText}:${quantText}`)
  return { modelId, quantId }
}

/** "about 3 min left", as the window says it. */
export function timeLeft(seconds: number): string {
  const { unit, n } = roundTimeLeft(seconds)
  return `about ${n} ${{ seconds: 's', minutes: 'min', hours: 'h' }[unit]} left`
}
