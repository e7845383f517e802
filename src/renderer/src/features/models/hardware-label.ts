import type { HardwareProfile } from '../../../../shared/hardware-profiles'
import type { MessageKey } from '../../i18n'

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** Memory as hardware is sold: a "24 GB" card has 24 GiB. */
const marketedSize = (bytes: number): string => `${Math.round(bytes / 1024 ** 3)} GB`
/** "NVIDIA GeForce RTX 4090" → "RTX 4090", "NVIDIA A100 80GB" → "A100 80GB"; a GPU named by its vendor only keeps it. */
const shortGpuName = (name: string): string => name.replace(/^NVIDIA (GeForce )?(?=RTX|GTX|[A-Z]+\d)/, '')

/** "RTX 4090 24 GB · 64 GB RAM", "2 × RTX 3090 24 GB · 64 GB RAM", "Apple M-series · 16 GB unified memory". */
export function hardwareLabel(hardware: HardwareProfile, t: Translate): string {
  const ram = marketedSize(hardware.ram.totalBytes)
  const gpus = hardware.gpus.filter((gpu) => gpu.backend !== null)
  if (gpus.some((gpu) => gpu.vendor === 'apple')) return t('models.hardware.apple', { ram })
  if (gpus.length === 0) return t('models.hardware.cpuOnly', { ram })
  const counts = new Map<string, number>()
  for (const gpu of gpus) {
    const label = `${shortGpuName(gpu.name)} ${marketedSize(gpu.vramTotalBytes)}`
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  const list = [...counts].map(([label, count]) => (count > 1 ? `${count} × ${label}` : label)).join(' + ')
  return t('models.hardware.gpus', { gpus: list, ram })
}
