/**
 * Whether a model file fits this machine before it is loaded: the fit advisor on the installed file's catalog
 * entry, with the weights read tensor by tensor from its header, against the full hardware probe.
 */
import type { FitAdvice } from './engine-service'
import { defaultContextTokens, type LoadRequest } from '../../shared/engine'
import { evaluateFit } from '../../shared/fit/advisor'
import { describeReason, describeVerdict } from '../../shared/fit/reasons'
import type { CatalogService } from './catalog/catalog-service'
import type { HardwareService } from './hardware/hardware-service'
import type { LibraryService } from './library/library-service'

export function loadAdvisor(services: { library: LibraryService; catalog: CatalogService; hardware: HardwareService }): (request: LoadRequest) => Promise<FitAdvice | null> {
  return async (request) => {
    const installed = (await services.library.snapshot()).installed.find((quant) => quant.path === request.path)
    // A file the library does not know has no catalog entry to judge by; the memory watch still guards its load.
    if (!installed) return null
    const model = (await services.catalog.list()).models.find((candidate) => candidate.id === installed.modelId)
    const quant = model?.quants.find((candidate) => candidate.id === installed.quantId)
    if (!model || !quant) return null
    // node-llama-cpp takes seconds to import: only a load pays for it, never the start of the app or the CLI.
    const { readGgufWeights } = await import('./catalog/gguf-weights')
    const [hardware, header] = await Promise.all([services.hardware.complete(), readGgufWeights(request.path).catch(() => null)])
    const fit = evaluateFit({
      model,
      quant,
      hardware,
      contextTokens: request.contextSize ?? defaultContextTokens,
      ...(request.kvCacheType && { kvCacheType: request.kvCacheType }),
      ...(header && { weights: header.weights })
    })
    await services.library.markUsed({ modelId: installed.modelId, quantId: installed.quantId })
    return {
      // The file is already on disk, so "not enough disk" does not stop a load.
      fits: fit.verdict !== 'no-fit',
      reasons: [describeVerdict(fit), ...fit.reasons.map((reason) => describeReason(reason))],
      gpuLayers: fit.gpuLayers
    }
  }
}
