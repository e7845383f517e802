/** One file per model for a machine, with the reason in a line. */
import type { CatalogModel, CatalogQuant } from '../catalog/catalog'
import type { HardwareProfile } from '../hardware-profiles'
import { evaluateFit, runnableVerdicts, type FitResult } from './advisor'
import type { KvCacheType } from './memory'
import type { RecommendationReason } from './reasons'

export interface QuantFit {
  quant: CatalogQuant
  fit: FitResult
}

export interface Recommendation {
  quant: CatalogQuant
  reason: RecommendationReason
}

/** Every quantisation the repo publishes (or may publish, offline), most precise first, with its fit. */
export function fitModel(
  model: CatalogModel,
  hardware: HardwareProfile,
  contextTokens: number,
  kvCacheType?: KvCacheType
): QuantFit[] {
  return model.quants
    .filter((quant) => quant.inRepo !== false)
    .map((quant) => ({ quant, fit: evaluateFit({ model, quant, hardware, contextTokens, ...(kvCacheType && { kvCacheType }) }) }))
}

/**
 * The most precise file that runs wholly on the GPU, but 8-bit over 16-bit (practically the same answers at half
 * the size); when nothing runs wholly on the GPU, Q4_K_M, the usual balance (on a CPU smaller files also answer
 * faster); else the smallest that runs at all.
 */
export function recommendQuant(fits: readonly QuantFit[]): Recommendation | null {
  const onGpu = fits.filter(({ fit }) => fit.verdict === 'gpu')
  const best = onGpu[0]
  if (best) {
    const eightBit = onGpu.find(({ quant }) => quant.id === 'Q8_0')
    if (best.quant.id === 'BF16' && eightBit) return { quant: eightBit.quant, reason: { code: 'near-lossless-on-gpu', quant: eightBit.quant.id } }
    return { quant: best.quant, reason: { code: 'most-precise-on-gpu', quant: best.quant.id } }
  }
  const runs = fits.filter(({ fit }) => runnableVerdicts.includes(fit.verdict))
  const balanced = runs.find(({ quant }) => quant.id === 'Q4_K_M')
  if (balanced) {
    const code = runs.every(({ fit }) => fit.verdict === 'cpu') ? 'balanced-on-cpu' : 'balanced'
    return { quant: balanced.quant, reason: { code, quant: balanced.quant.id } }
  }
  const smallest = runs.at(-1)
  return smallest ? { quant: smallest.quant, reason: { code: 'smallest-that-runs', quant: smallest.quant.id } } : null
}
