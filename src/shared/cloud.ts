/**
 * Rented GPUs for a model that does not run here (on-demand prices as of July 2025, from the project's original
 * requirements; docs/fit.md#cloud-options). Prices move; the app shows the date beside them.
 */
import type { CatalogModel } from './catalog/catalog'
import { recommendQuant, fitModel, type Recommendation } from './fit/recommend'
import type { HardwareProfile } from './hardware-profiles'

export const cloudPricesAsOf = '2025-07'

export interface CloudOffer {
  provider: string
  gpu: string
  vramGB: number
  usdPerHour: number
  region: string
  /** Vast.ai: hosts rent out their own machines; price is a median and reliability varies. */
  marketplace?: boolean
}

export const cloudOffers: readonly CloudOffer[] = [
  { provider: 'Thunder Compute', gpu: 'T4', vramGB: 16, usdPerHour: 0.27, region: 'US' },
  { provider: 'Thunder Compute', gpu: 'A100', vramGB: 40, usdPerHour: 0.66, region: 'US' },
  { provider: 'AWS', gpu: 'T4', vramGB: 16, usdPerHour: 0.53, region: 'US · g4dn.xlarge' },
  { provider: 'AWS', gpu: 'V100', vramGB: 16, usdPerHour: 3.06, region: 'US · p3.2xlarge' },
  { provider: 'Google Cloud', gpu: 'T4', vramGB: 16, usdPerHour: 0.35, region: 'us-central1' },
  { provider: 'Google Cloud', gpu: 'V100', vramGB: 16, usdPerHour: 2.55, region: 'europe-west4-b' },
  { provider: 'Lambda Labs', gpu: 'T4', vramGB: 16, usdPerHour: 0.5, region: 'US' },
  { provider: 'Lambda Labs', gpu: 'A100', vramGB: 40, usdPerHour: 1.29, region: 'US' },
  { provider: 'RunPod', gpu: 'A40', vramGB: 48, usdPerHour: 0.44, region: 'US · community cloud' },
  { provider: 'RunPod', gpu: 'A100', vramGB: 80, usdPerHour: 1.19, region: 'US · community cloud' },
  { provider: 'Vast.ai', gpu: 'T4', vramGB: 16, usdPerHour: 0.15, region: 'marketplace', marketplace: true },
  { provider: 'Paperspace', gpu: 'RTX A6000', vramGB: 48, usdPerHour: 1.89, region: 'US' },
  { provider: 'OVHcloud', gpu: 'L40S', vramGB: 48, usdPerHour: 1.69, region: 'Europe' },
  { provider: 'Scaleway', gpu: 'L40S', vramGB: 48, usdPerHour: 1.4, region: 'Europe' }
]

const GiB = 1024 ** 3

/** A rented machine as the fit advisor sees it: one data-centre GPU and, typically, twice its memory in RAM. */
export function cloudMachine(offer: CloudOffer): HardwareProfile {
  const vram = offer.vramGB * GiB
  return {
    probedAt: '2025-07-01T00:00:00.000Z',
    complete: true,
    os: { platform: 'linux', release: 'cloud', arch: 'x64' },
    cpu: { brand: 'cloud vCPU', cores: 8, threads: 16, features: null },
    ram: { totalBytes: 2 * vram, availableBytes: 2 * vram, swapTotalBytes: null, swapFreeBytes: null },
    gpus: [{
      name: offer.gpu, names: [offer.gpu], vendor: 'nvidia', vramTotalBytes: vram, vramFreeBytes: vram, driver: null,
      backend: 'cuda', unusableReason: null, unifiedMemory: false
    }],
    disk: null
  }
}

/** Offers whose GPU runs some file of the model wholly on the GPU at this context, cheapest first. */
export function cloudOptions(model: CatalogModel, contextTokens: number): Array<{ offer: CloudOffer; recommendation: Recommendation }> {
  return cloudOffers
    .map((offer) => ({ offer, recommendation: recommendQuant(fitModel(model, cloudMachine(offer), contextTokens)) }))
    .filter((option): option is { offer: CloudOffer; recommendation: Recommendation } => option.recommendation?.reason.code === 'most-precise-on-gpu' || option.recommendation?.reason.code === 'near-lossless-on-gpu')
    .sort((a, b) => a.offer.usdPerHour - b.offer.usdPerHour)
}
