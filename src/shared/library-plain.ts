/** Reading installed models without zod (library.ts has the schemas), for the window's first screen among others. */
import type { CatalogModel, CatalogQuant } from './catalog/catalog'
import { modelById } from './catalog/lookup'
import { models } from './catalog/models'
import type { WeightsSplit } from './fit/memory'
import type { InstalledQuant } from './library'

/** An installed model's name as the CLI, the model picker and the API server write it: "exaone-4.0-1.2b:Q4_K_M". */
export function modelReference(key: { modelId: string; quantId: string }): string {
  return `${key.modelId}:${key.quantId}`
}

/**
 * What the fit advisor judges an installed file by: its catalog entry and quantisation, or, for a custom file, the
 * figures read from its header (weights included). Null when the catalog does not know an official id.
 */
export function fitSubject(
  installed: InstalledQuant,
  catalog: readonly CatalogModel[]
): { model: Pick<CatalogModel, 'architecture' | 'parameters'>; quant: Pick<CatalogQuant, 'sizeBytes' | 'sizeSource'>; weights?: WeightsSplit } | null {
  if (installed.custom) {
    const { architecture, parameters, weights } = installed.custom
    return { model: { architecture, parameters }, quant: { sizeBytes: installed.sizeBytes, sizeSource: 'exact' }, weights }
  }
  const model = modelById(catalog, installed.modelId)
  const quant = model?.quants.find((candidate) => candidate.id === installed.quantId)
  return model && quant ? { model, quant } : null
}

/** The context length an installed file was trained for: from its header (custom) or the catalog; null if unknown. */
export function trainedContextOf(installed: InstalledQuant): number | null {
  return (installed.custom ?? modelById(models, installed.modelId))?.architecture.trainedContext ?? null
}
