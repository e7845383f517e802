import { formatBytes } from '../../../../shared/format'
import { Icon, type IconName } from '../../components/Icon'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useLocale, useT } from '../../i18n'
import { useHardware } from '../../stores/hardware'

function Spec({ icon, label, value, detail }: { icon: IconName; label: string; value: string; detail?: string }): React.JSX.Element {
  return (
    <div className="spec">
      <span className="spec__icon">
        <Icon name={icon} />
      </span>
      <div>
        <div className="spec__label">{label}</div>
        <div className="spec__value">{value}</div>
        {detail && <div className="spec__detail">{detail}</div>}
      </div>
    </div>
  )
}

export function HardwarePage(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { probe, error, refresh } = useHardware()
  const size = (bytes: number): string => formatBytes(bytes, locale)
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('hardware.title')}</h1>
        <button type="button" className="button" onClick={() => void refresh()}>
          <Icon name="refresh" size={16} />
          {t('hardware.refresh')}
        </button>
      </header>
      {error && <ErrorNotice error={error} onRetry={() => void refresh()} />}
      {!probe && !error && <p className="muted" role="status">{t('hardware.loading')}</p>}
      {probe && (
        <div className="spec-grid">
          <Spec icon="hardware" label={t('hardware.cpu')} value={probe.cpu.brand} detail={t('hardware.cpuDetail', { cores: probe.cpu.cores, threads: probe.cpu.threads })} />
          <Spec icon="memory" label={t('hardware.ram')} value={size(probe.ram.totalBytes)} detail={t('hardware.ramDetail', { available: size(probe.ram.availableBytes), total: size(probe.ram.totalBytes) })} />
          {probe.gpus.length === 0 ? (
            <Spec icon="spark" label={t('hardware.gpu')} value={t('hardware.noGpu')} />
          ) : (
            probe.gpus.map((gpu, index) => (
              <Spec key={index} icon="spark" label={t('hardware.gpu')} value={gpu.name} detail={`${size(gpu.vramTotalBytes)}${gpu.backend ? ` · ${gpu.backend.toUpperCase()}` : ''}`} />
            ))
          )}
          {probe.disk && <Spec icon="library" label={t('hardware.disk')} value={size(probe.disk.freeBytes)} detail={t('hardware.diskDetail', { free: size(probe.disk.freeBytes), total: size(probe.disk.totalBytes) })} />}
          <Spec icon="settings" label={t('hardware.os')} value={`${probe.os.platform} ${probe.os.arch}`} detail={probe.os.release} />
        </div>
      )}
    </section>
  )
}
