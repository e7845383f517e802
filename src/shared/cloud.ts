/**
 * Rented GPUs for a model that does not run here (on-demand prices as of July 2025, from the project's original
 * requirements; docs/cloud.md). Prices move; the app shows the date beside them.
 */
import type { HardwareProfile } from './hardware-profiles'

export const cloudPricesAsOf = '2025-07'

export interface CloudOffer {
  provider: string
  gpu: string
  /** Memory of one GPU as the provider advertises it, in decimal gigabytes (10^9 bytes). */
  vramGB: number
  /** For one GPU. */
  usdPerHour: number
  region: string
  /** NVIDIA's compute capability: below 8.0 (T4, V100) there is no bfloat16, so vLLM must run in float16. */
  computeCapability: number
  /** Vast.ai: hosts rent out their own machines; price is a median and reliability varies. */
  marketplace?: boolean
}

export const cloudOffers: readonly CloudOffer[] = [
  { provider: 'Thunder Compute', gpu: 'T4', vramGB: 16, usdPerHour: 0.27, region: 'US', computeCapability: 7.5 },
  { provider: 'Thunder Compute', gpu: 'A100', vramGB: 40, usdPerHour: 0.66, region: 'US', computeCapability: 8.0 },
  { provider: 'AWS', gpu: 'T4', vramGB: 16, usdPerHour: 0.53, region: 'US · g4dn.xlarge', computeCapability: 7.5 },
  { provider: 'AWS', gpu: 'V100', vramGB: 16, usdPerHour: 3.06, region: 'US · p3.2xlarge', computeCapability: 7.0 },
  { provider: 'Google Cloud', gpu: 'T4', vramGB: 16, usdPerHour: 0.35, region: 'us-central1', computeCapability: 7.5 },
  { provider: 'Google Cloud', gpu: 'V100', vramGB: 16, usdPerHour: 2.55, region: 'europe-west4-b', computeCapability: 7.0 },
  { provider: 'Lambda Labs', gpu: 'T4', vramGB: 16, usdPerHour: 0.5, region: 'US', computeCapability: 7.5 },
  { provider: 'Lambda Labs', gpu: 'A100', vramGB: 40, usdPerHour: 1.29, region: 'US', computeCapability: 8.0 },
  { provider: 'RunPod', gpu: 'A40', vramGB: 48, usdPerHour: 0.44, region: 'US · community cloud', computeCapability: 8.6 },
  { provider: 'RunPod', gpu: 'A100', vramGB: 80, usdPerHour: 1.19, region: 'US · community cloud', computeCapability: 8.0 },
  { provider: 'Vast.ai', gpu: 'T4', vramGB: 16, usdPerHour: 0.15, region: 'marketplace', computeCapability: 7.5, marketplace: true },
  { provider: 'Paperspace', gpu: 'RTX A6000', vramGB: 48, usdPerHour: 1.89, region: 'US', computeCapability: 8.6 },
  { provider: 'OVHcloud', gpu: 'L40S', vramGB: 48, usdPerHour: 1.69, region: 'Europe', computeCapability: 8.9 },
  { provider: 'Scaleway', gpu: 'L40S', vramGB: 48, usdPerHour: 1.4, region: 'Europe', computeCapability: 8.9 }
]

/**
 * The advertised "GB" read as 10^9 bytes: never more than the card reports (an "A100 40GB" has 40 GiB, an "L40S
 * 48GB" about 45 GiB), so a plan never counts memory the card does not have.
 */
export const offerVramBytes = (offer: CloudOffer): number => offer.vramGB * 1e9

/**
 * A rented machine as the fit advisor sees it: `gpuCount` of the offer's GPUs and, typically, twice their memory
 * in RAM. `usableShare` is the part of each GPU the server may take (vLLM takes 0.9 by default).
 */
export function cloudMachine(offer: CloudOffer, gpuCount: number, usableShare = 1): HardwareProfile {
  const vram = offerVramBytes(offer)
  const gpu = {
    name: offer.gpu, names: [offer.gpu], vendor: 'nvidia' as const, vramTotalBytes: vram, vramFreeBytes: Math.round(vram * usableShare),
    driver: null, backend: 'cuda' as const, unusableReason: null, unifiedMemory: false
  }
  return {
    probedAt: '2025-07-01T00:00:00.000Z',
    complete: true,
    os: { platform: 'linux', release: 'cloud', arch: 'x64' },
    cpu: { brand: 'cloud vCPU', cores: 8 * gpuCount, threads: 16 * gpuCount, features: null },
    ram: { totalBytes: 2 * vram * gpuCount, availableBytes: 2 * vram * gpuCount, swapTotalBytes: null, swapFreeBytes: null },
    gpus: Array.from({ length: gpuCount }, () => ({ ...gpu, names: [...gpu.names] })),
    disk: null
  }
}
