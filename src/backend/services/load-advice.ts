/**
 * Whether an installed model fits this machine before it is loaded: the fit advisor on its catalog entry (or, for a
 * custom file, what its header says), with the weights read tensor by tensor from the file's header, against the
 * full hardware probe.
 */
import { defaultContextTokens, type LoadOptions } from '../../shared/engine'
import { evaluateFit } from '../../shared/fit/advisor'
import { fitSubject, type InstalledQuant } from '../../shared/library'
import type { CatalogService } from './catalog/catalog-service'
import type { FitAdvice } from './engine-service'
import type { HardwareService } from './hardware/hardware-service'

export function loadAdvisor(services: { catalog: CatalogService; hardware: HardwareService }): (installed: InstalledQuant, options: LoadOptions) => Promise<FitAdvice | null> {
  return async (installed, options) => {
    const subject = fitSubject(installed, (await services.catalog.list()).models)
    if (!subject) return null
    // node-llama-cpp takes seconds to import: only a load pays for it, never the start of the app or the CLI.
    const { readGgufWeights } = await import('./catalog/gguf-weights')
    const [hardware, header] = await Promise.all([services.hardware.complete(), readGgufWeights(installed.path).catch(() => null)])
    const fit = evaluateFit({
      ...subject,
      hardware,
      contextTokens: options.contextSize ?? defaultContextTokens,
      ...(options.kvCacheType && { kvCacheType: options.kvCacheType }),
      ...(options.sequences && { sequences: options.sequences }),
      // Layers set by hand are what loads, so the memory shown and the refusal are for them.
      ...(options.gpuLayers !== undefined && { gpuLayers: options.gpuLayers }),
      ...(header && { weights: header.weights })
    })
    return {
      // The file is already on disk, so "not enough disk" does not stop a load.
      fits: fit.verdict !== 'no-fit',
      reasons: fit.reasons,
      gpuLayers: fit.gpuLayers,
      memory: { ramBytes: fit.ramBytes, vramBytes: fit.vramBytes }
    }
  }
}
