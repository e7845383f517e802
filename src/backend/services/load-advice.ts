/**
 * Whether an installed model fits this machine before it is loaded: the fit advisor on its catalog entry (or, for a
 * custom file, what its header says), with the weights read tensor by tensor from the file's header, against the
 * full hardware probe.
 */
import { modelById } from '../../shared/catalog/lookup'
import type { LoadOptions, ModelMemory } from '../../shared/engine'
import { defaultContextTokens } from '../../shared/engine-plain'
import type { HardwareProbe } from '../../shared/hardware'
import { evaluateFit } from '../../shared/fit/advisor'
import type { InstalledQuant } from '../../shared/library'
import { fitSubject } from '../../shared/library-plain'
import type { CatalogService } from './catalog/catalog-service'
import type { FitAdvice } from './engine-service'
import type { HardwareService } from './hardware/hardware-service'

export function loadAdvisor(services: { catalog: CatalogService; hardware: HardwareService }): (installed: InstalledQuant, options: LoadOptions, reserved?: ModelMemory) => Promise<FitAdvice | null> {
  return async (installed, options, reserved) => {
    const subject = fitSubject(installed, (await services.catalog.list()).models)
    if (!subject) return null
    // node-llama-cpp takes seconds to import: only a load pays for it, never the start of the app or the CLI.
    const { readGgufWeights } = await import('./catalog/gguf-weights')
    const [probed, header] = await Promise.all([services.hardware.complete(), readGgufWeights(installed.path).catch(() => null)])
    const hardware = reserved ? withoutReserved(probed, reserved) : probed
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

/** The machine with `reserved` taken: system RAM, and VRAM on the first GPU (where a draft model's layers go first). */
function withoutReserved(hardware: HardwareProbe, reserved: ModelMemory): HardwareProbe {
  const less = (bytes: number, taken: number): number => Math.max(0, bytes - taken)
  const [first, ...rest] = hardware.gpus
  return {
    ...hardware,
    ram: { ...hardware.ram, totalBytes: less(hardware.ram.totalBytes, reserved.ramBytes), availableBytes: less(hardware.ram.availableBytes, reserved.ramBytes) },
    gpus: first ? [{ ...first, vramTotalBytes: less(first.vramTotalBytes, reserved.vramBytes), vramFreeBytes: first.vramFreeBytes === null ? null : less(first.vramFreeBytes, reserved.vramBytes) }, ...rest] : []
  }
}

/**
 * The installed models that could draft for `target` (speculative decoding), smallest file first: of its family
 * and architecture, with its vocabulary, and at most a quarter of its parameters (a draft must be much faster to
 * pay for itself). The worker checks the vocabularies token for token.
 */
export function draftCandidates(services: { catalog: CatalogService }): (target: InstalledQuant, installed: InstalledQuant[]) => Promise<InstalledQuant[]> {
  return async (target, installed) => {
    const { models } = await services.catalog.list()
    const entry = modelById(models, target.modelId)
    if (!entry) return []
    return installed
      .filter((quant) => {
        const model = modelById(models, quant.modelId)
        return (
          model !== undefined &&
          model.id !== entry.id &&
          model.family === entry.family &&
          model.llamaArchitecture === entry.llamaArchitecture &&
          model.architecture.vocab === entry.architecture.vocab &&
          model.parameters.total * 4 <= entry.parameters.total
        )
      })
      .sort((a, b) => a.sizeBytes - b.sizeBytes)
  }
}
