/** The words and numbers of a download's line, shared by the Library rows, the Models page and the status bar. */
import type { DownloadItem } from '../../../../shared/downloads'
import { percentDone } from '../../../../shared/downloads-plain'
import { formatBytes, roundTimeLeft } from '../../../../shared/format'
import type { Locale, MessageKey } from '../../i18n/translate'

type T = (key: MessageKey, values?: Record<string, string | number>) => string

function timeLeft(t: T, seconds: number, locale: Locale): string {
  const { unit, n } = roundTimeLeft(seconds)
  return t(`downloads.left.${unit}`, { n: n.toLocaleString(locale) })
}

/** The status line under the progress bar. */
export function describeState(t: T, item: DownloadItem, locale: Locale): string {
  const size = (bytes: number): string => formatBytes(bytes, locale)
  if (item.state === 'retrying' && item.retry) return t(`downloads.retry.${item.retry.reason}`, { seconds: Math.ceil(item.retry.inSeconds) })
  if (item.state === 'paused' && item.interrupted) return t('downloads.state.interrupted', { received: size(item.receivedBytes) })
  if (item.state !== 'downloading') return t(`downloads.state.${item.state}`)
  const parts = [
    item.totalBytes !== null ? t('downloads.progress', { percent: percentDone(item), received: size(item.receivedBytes), total: size(item.totalBytes) }) : null,
    item.bytesPerSecond ? t('downloads.speed', { speed: size(item.bytesPerSecond) }) : null,
    item.secondsLeft !== null ? timeLeft(t, item.secondsLeft, locale) : null
  ]
  return parts.filter(Boolean).join(' · ')
}

export const isActive = (item: DownloadItem): boolean => !['paused', 'failed'].includes(item.state)
