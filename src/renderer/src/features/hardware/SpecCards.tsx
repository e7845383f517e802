import { formatBytes } from '../../../../shared/format'
import type { Gpu, HardwareProbe } from '../../../../shared/hardware'
import { Icon, type IconName } from '../../components/Icon'
import { useLocale, useT } from '../../i18n'

function Spec({ icon, label, value, details = [] }: { icon: IconName; label: string; value: string; details?: string[] }): React.JSX.Element {
  return (
    <div className="spec">
      <span className="spec__icon">
        <Icon name={icon} />
      </span>
      <div>
        <div className="spec__label">{label}</div>
        <div className="spec__value">{value}</div>
        {details.map((detail) => (
          <div key={detail} className="spec__detail">
            {detail}
          </div>
        ))}
      </div>
    </div>
  )
}

/** What the probe found, one card per part; GPUs say which backend runs models on them, or why none can. */
export function SpecCards({ probe }: { probe: HardwareProbe }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const size = (bytes: number): string => formatBytes(bytes, locale)
  const { cpu, ram, disk, llamaCpp } = probe
  const features = cpu.features ? Object.entries(cpu.features).filter(([, has]) => has).map(([name]) => name.toUpperCase()) : []

  const gpuDetails = (gpu: Gpu): string[] => {
    const memory = gpu.unifiedMemory
      ? gpu.vramTotalBytes > 0
        ? t('hardware.gpu.shared', { total: size(gpu.vramTotalBytes) })
        : t('hardware.gpu.sharedNoLimit')
      : gpu.vramTotalBytes === 0
        ? t('hardware.gpu.vramUnknown')
        : gpu.vramFreeBytes !== null
          ? t('hardware.gpu.vram', { total: size(gpu.vramTotalBytes), free: size(gpu.vramFreeBytes) })
          : t('hardware.gpu.vramTotal', { total: size(gpu.vramTotalBytes) })
    const use = gpu.backend
      ? t('hardware.gpu.runsWith', { backend: gpu.backend.toUpperCase() })
      : gpu.unusableCode
        ? t(`hardware.unusable.${gpu.unusableCode}`)
        : (gpu.unusableReason ?? '')
    return [memory, use, ...(gpu.driver ? [t('hardware.gpu.driver', { version: gpu.driver })] : [])].filter(Boolean)
  }

  const usedGpus = probe.gpus.filter((gpu) => gpu.backend !== null)
  const engine = !probe.complete
    ? { value: t('hardware.engine.pending'), details: [] }
    : llamaCpp?.problem
      ? { value: t('hardware.engine.failed'), details: [llamaCpp.problem] }
      : llamaCpp?.backend
        ? { value: `${llamaCpp.backend.toUpperCase()} · ${usedGpus.map((gpu) => gpu.name).join(', ')}`, details: [] }
        : { value: t('hardware.engine.cpu'), details: [t('hardware.engine.cpuDetail')] }

  return (
    <div className="spec-grid">
      <Spec
        icon="hardware"
        label={t('hardware.cpu')}
        value={cpu.brand}
        details={[t('hardware.cpuDetail', { cores: cpu.cores, threads: cpu.threads }), features.length > 0 ? t('hardware.cpuFeatures', { list: features.join(' · ') }) : t('hardware.cpuFeaturesNone')]}
      />
      <Spec
        icon="memory"
        label={t('hardware.ram')}
        value={size(ram.totalBytes)}
        details={[
          t('hardware.ramDetail', { available: size(ram.availableBytes), total: size(ram.totalBytes) }),
          ram.swapTotalBytes ? t('hardware.swap', { free: size(ram.swapFreeBytes ?? 0), total: size(ram.swapTotalBytes) }) : t('hardware.noSwap')
        ]}
      />
      {!probe.complete && probe.gpus.length === 0 ? (
        <Spec icon="spark" label={t('hardware.gpu')} value={t('hardware.gpuSearching')} />
      ) : probe.gpus.length === 0 ? (
        <Spec icon="spark" label={t('hardware.gpu')} value={t('hardware.noGpu')} />
      ) : (
        probe.gpus.map((gpu, index) => <Spec key={index} icon="spark" label={t('hardware.gpu')} value={gpu.name} details={gpuDetails(gpu)} />)
      )}
      <Spec icon="models" label={t('hardware.engine')} value={engine.value} details={engine.details} />
      {disk && <Spec icon="library" label={t('hardware.disk')} value={size(disk.freeBytes)} details={[t('hardware.diskDetail', { free: size(disk.freeBytes), total: size(disk.totalBytes) })]} />}
      <Spec icon="settings" label={t('hardware.os')} value={`${probe.os.platform} ${probe.os.arch}`} details={[probe.os.release]} />
    </div>
  )
}
