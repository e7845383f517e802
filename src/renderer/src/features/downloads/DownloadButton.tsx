import type { QuantId } from '../../../../shared/catalog/quantisations'
import { percentDone } from '../../../../shared/downloads-plain'
import { errorTextKey } from '../../components/ErrorNotice'
import { Icon } from '../../components/Icon'
import { useT } from '../../i18n'
import { findDownload, useDownloads } from '../../stores/downloads'
import { useLibrary } from '../../stores/library'
import { isActive } from './describe'
import { LicenceDialog } from './LicenceDialog'
import { useStartDownload } from './use-start-download'

/** The action of one precision on the Models page: Download, then its progress with Pause/Resume, then Installed. */
export function DownloadButton({ modelId, quantId, label }: { modelId: string; quantId: QuantId; label: string }): React.JSX.Element {
  const t = useT()
  const item = useDownloads((state) => findDownload(state.items, modelId, quantId))
  const { pause, resume } = useDownloads()
  const installed = useLibrary((state) => state.snapshot?.installed.some((quant) => quant.modelId === modelId && quant.quantId === quantId) ?? false)
  const { start, licence, accept, dismiss, starting, error } = useStartDownload(modelId, quantId)

  if (installed) {
    return (
      <span className="download-installed">
        <Icon name="check" size={16} />
        {t('downloads.installed')}
      </span>
    )
  }
  if (item) {
    const percent = percentDone(item)
    const active = isActive(item)
    return (
      <span className={`download-mini download-mini--${item.state}`}>
        <span className="progress progress--small" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`${label} ${quantId}`}>
          <span className="progress__fill" style={{ width: `${percent}%` }} />
        </span>
        <span className="download-mini__percent">{percent}%</span>
        <button
          type="button"
          className="button button--small"
          title={item.error?.message}
          onClick={() => void (active ? pause(item.id) : resume(item.id))}
        >
          {t(active ? 'downloads.pause' : item.state === 'failed' ? 'downloads.retry' : 'downloads.resume')}
        </button>
      </span>
    )
  }
  return (
    <>
      <button type="button" className="button quant-row__download" data-action="download" data-model={modelId} data-quant={quantId} disabled={starting} onClick={() => void start()}>
        <Icon name="download" size={16} />
        {t(starting ? 'downloads.starting' : 'downloads.download')}
      </button>
      {error && (
        <span className="download-error" role="alert" title={error.message}>
          {t(errorTextKey(error.code))}
        </span>
      )}
      {licence && <LicenceDialog licence={licence} onAccept={() => void accept()} onCancel={dismiss} />}
    </>
  )
}
