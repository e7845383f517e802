import { useT } from '../i18n'
import { useHardware } from '../stores/hardware'
import { Icon } from './Icon'
import { Meter } from './Meter'

export function StatusBar(): React.JSX.Element {
  const t = useT()
  const ram = useHardware((state) => state.probe?.ram)
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-bar__model">
        <span className="status-dot" aria-hidden="true" />
        {t('status.noModel')}
      </span>
      <span className="status-bar__meters">
        {ram && <Meter label={t('status.ram')} usedBytes={ram.totalBytes - ram.availableBytes} totalBytes={ram.totalBytes} />}
      </span>
      <span className="status-bar__downloads">
        <Icon name="download" size={16} />
        {t('status.noDownloads')}
      </span>
    </footer>
  )
}
