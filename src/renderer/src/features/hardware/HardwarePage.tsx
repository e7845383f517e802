import { ErrorNotice } from '../../components/ErrorNotice'
import { Icon } from '../../components/Icon'
import { useT } from '../../i18n'
import { useHardware } from '../../stores/hardware'
import { LiveCharts } from './LiveCharts'
import { MemoryWarning } from './MemoryWarning'
import { SpecCards } from './SpecCards'
import './hardware.css'

export function HardwarePage(): React.JSX.Element {
  const t = useT()
  const { probe, error, refresh } = useHardware()
  return (
    <section className="page hardware-page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('hardware.title')}</h1>
        <button type="button" className="button" onClick={() => void refresh()}>
          <Icon name="refresh" size={16} />
          {t('hardware.refresh')}
        </button>
      </header>
      <MemoryWarning />
      <section className="hardware-section" aria-labelledby="hardware-live">
        <h2 id="hardware-live">{t('hardware.live')}</h2>
        <p className="muted">{t('hardware.live.hint')}</p>
        <LiveCharts />
      </section>
      <section className="hardware-section" aria-labelledby="hardware-specs">
        <h2 id="hardware-specs">{t('hardware.specs')}</h2>
        {error && <ErrorNotice error={error} onRetry={() => void refresh()} />}
        {!probe && !error && (
          <p className="muted" role="status">
            {t('hardware.loading')}
          </p>
        )}
        {probe && <SpecCards probe={probe} />}
      </section>
    </section>
  )
}
