/** Pure helpers that tell what a GPU is from the names and ids the different sources give it. */
import type { GpuVendor } from '../../../shared/hardware'

const vendorPatterns: Array<[GpuVendor, RegExp]> = [
  ['nvidia', /nvidia|geforce|quadro|tesla|\b0x10de\b/i],
  ['amd', /advanced micro devices|\bamd\b|\bati\b|radeon|\b0x1002\b/i],
  ['intel', /intel|\b0x8086\b/i],
  ['apple', /apple|\b0x05ac\b/i]
]

export function vendorOf(...texts: Array<string | undefined>): GpuVendor {
  const text = texts.filter(Boolean).join(' ')
  return vendorPatterns.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other'
}

const brands: Record<GpuVendor, string> = { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', apple: '', other: '' }

/**
 * A name people recognise. lspci gives "GA106 [GeForce RTX 3060 Lite Hash Rate]" (chip, then the marketing
 * name in brackets); Vulkan gives "Intel(R) Iris(R) Xe Graphics (ADL GT2)" (driver's codename in parentheses).
 */
export function displayName(raw: string, vendor: GpuVendor): string {
  const bracketed = /\[([^\]]+)\]\s*$/.exec(raw)?.[1]
  const cleaned = (bracketed ?? raw)
    .replace(/\((R|TM)\)|[®™]/gi, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
  const brand = brands[vendor]
  return brand && !cleaned.toLowerCase().startsWith(brand.toLowerCase()) ? `${brand} ${cleaned}` : cleaned
}

const genericWords = new Set(['nvidia', 'amd', 'ati', 'intel', 'apple', 'corporation', 'inc', 'geforce', 'radeon', 'graphics', 'gpu', 'r', 'tm'])

/** How many distinctive words two names share ("RTX", "3060", "Xe", "GT2"); 0 when nothing but the brand. */
export function nameOverlap(a: string, b: string): number {
  const words = (text: string): Set<string> =>
    new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((word) => word && !genericWords.has(word))
    )
  const left = words(a)
  return [...words(b)].filter((word) => left.has(word)).length
}

// AMD APU graphics, by the chip codenames lspci prints ("Rembrandt [Radeon 680M]", "Phoenix1", "Strix Halo").
const amdApu = /renoir|cezanne|lucienne|barcelo|rembrandt|mendocino|phoenix|hawk point|strix|raphael|granite ridge|van gogh|picasso|raven|dragon range|radeon (?:vega (?:series|mobile)|\d{3}m\b|graphics\b)/i
// Intel's discrete cards (Arc A/B series, DG1/DG2); every other Intel GPU is integrated.
const intelDiscrete = /\bdg[12]\b|arc\s*(?:pro\s*)?[ab]\d{2,3}/i

/** Whether a GPU uses system RAM as its memory: Apple silicon, Intel's integrated GPUs, AMD APUs. */
export function looksIntegrated(vendor: GpuVendor, names: string[], vramDynamic: boolean): boolean {
  const text = names.join(' ')
  if (vendor === 'apple' || vramDynamic) return true
  if (vendor === 'intel') return !intelDiscrete.test(text)
  if (vendor === 'amd') return amdApu.test(text)
  return false
}

// Display adapters that only drive a console: server management chips and virtual machines' screens.
const consoleOnly = /aspeed|matrox|virtio|vmware svga|qxl|cirrus logic|bochs|hyper-v video|microsoft remote display|microsoft basic render/i

export function isConsoleOnlyAdapter(names: string[]): boolean {
  return consoleOnly.test(names.join(' '))
}
