import { percentDone } from '../../../../shared/downloads-plain'
import { Icon } from '../../components/Icon'
import { useT } from '../../i18n'
import { useDownloads } from '../../stores/downloads'
import { navigate } from '../../stores/navigation'
import { isActive } from './describe'

/** The status bar's downloads: how many, the overall percent, a link to the Library. */
export function DownloadsStatus(): React.JSX.Element {
  const t = useT()
  const items = useDownloads((state) => state.items)
  if (items.length === 0) {
    return (
      <span className="status-bar__downloads">
        <Icon name="download" size={16} />
        {t('status.noDownloads')}
      </span>
    )
  }
  const active = items.filter(isActive)
  const received = active.reduce((total, item) => total + item.receivedBytes, 0)
  const total = active.reduce((sum, item) => sum + (item.totalBytes ?? 0), 0)
  const failed = items.filter((item) => item.state === 'failed').length
  const paused = items.filter((item) => item.state === 'paused').length
  const text = [
    active.length > 0 ? t('downloads.status.active', { count: active.length, percent: percentDone({ receivedBytes: received, totalBytes: total }) }) : null,
    active.length === 0 && paused > 0 ? t('downloads.status.waiting', { count: paused }) : null,
    failed > 0 ? t('downloads.status.failed') : null
  ].filter(Boolean).join(' · ')
  return (
    <a
      href="#/library"
      className="status-bar__downloads status-bar__downloads--busy"
      onClick={(event) => {
        event.preventDefault()
        navigate('library')
      }}
    >
      <Icon name="download" size={16} />
      <span aria-live="polite">{text}</span>
    </a>
  )
}
