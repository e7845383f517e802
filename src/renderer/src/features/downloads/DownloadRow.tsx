import { useState } from 'react'
import type { DownloadItem } from '../../../../shared/downloads'
import { percentDone } from '../../../../shared/downloads-plain'
import { formatBytes } from '../../../../shared/format'
import { ConfirmDialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useLocale, useT, type MessageKey } from '../../i18n'
import { useDownloads } from '../../stores/downloads'
import { describeState, isActive } from './describe'

const errorTitles: Partial<Record<string, MessageKey>> = {
  'licence-required': 'downloads.error.licence-required',
  'token-required': 'downloads.error.token-required',
  'disk-full': 'downloads.error.disk-full',
  'checksum-mismatch': 'downloads.error.checksum-mismatch',
  network: 'downloads.error.network',
  'hub-trouble': 'downloads.error.hub-trouble'
}

/** Above this much already downloaded, discarding asks first. */
const confirmAboveBytes = 100e6

/** One download in the Library: progress bar, speed and time left, pause / resume / cancel, and what went wrong. */
export function DownloadRow({ item }: { item: DownloadItem }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { pause, resume, cancel } = useDownloads()
  const [confirming, setConfirming] = useState(false)
  const percent = percentDone(item)
  const active = isActive(item)
  const discard = (): void => (item.receivedBytes > confirmAboveBytes ? setConfirming(true) : void cancel(item.id))
  return (
    <li className={`download-row download-row--${item.state}`}>
      <div className="download-row__head">
        <span className="download-row__name">{item.modelName}</span>
        <span className="quant-chip">{item.quantId}</span>
        {item.fileCount > 1 && <span className="muted">{t('downloads.part', { index: item.fileIndex + 1, count: item.fileCount })}</span>}
        <span className="download-row__actions">
          {active && (
            <button type="button" className="button button--small" onClick={() => void pause(item.id)}>
              {t('downloads.pause')}
            </button>
          )}
          {!active && (
            <button type="button" className="button button--small button--primary" onClick={() => void resume(item.id)}>
              {t(item.state === 'failed' ? 'downloads.retry' : 'downloads.resume')}
            </button>
          )}
          <button type="button" className="button button--small" onClick={discard}>
            {t(item.interrupted || item.state === 'failed' ? 'downloads.discard' : 'downloads.cancel')}
          </button>
        </span>
      </div>
      {item.totalBytes !== null && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`${item.modelName} ${item.quantId}`}>
          <div className="progress__fill" style={{ width: `${percent}%` }} />
        </div>
      )}
      <div className="download-row__status" aria-live="polite">
        {item.state === 'failed' ? t(errorTitles[item.error?.code ?? ''] ?? 'downloads.error.other') : describeState(t, item, locale)}
      </div>
      {/* What went wrong in the user's language, with the fix (Settings for a token or a mirror); Retry is above. */}
      {item.state === 'failed' && item.error && <ErrorNotice error={item.error} />}
      {confirming && (
        <ConfirmDialog
          title={t('library.discard.title', { model: `${item.modelName} ${item.quantId}` })}
          cancelLabel={t('licence.cancel')}
          confirmLabel={t('downloads.discard')}
          onConfirm={() => void cancel(item.id)}
          onClose={() => setConfirming(false)}
        >
          <p>{t('library.discard.body', { size: formatBytes(item.receivedBytes, locale) })}</p>
        </ConfirmDialog>
      )}
    </li>
  )
}
