import { formatBytes } from '../../../shared/format'
import { useLocale, useT } from '../i18n'

export type MeterLevel = 'ok' | 'high' | 'critical'

export function meterLevel(fraction: number): MeterLevel {
  return fraction >= 0.9 ? 'critical' : fraction >= 0.75 ? 'high' : 'ok'
}

/** A usage bar that says its state in words and numbers too, never by colour alone. */
export function Meter({ label, usedBytes, totalBytes }: { label: string; usedBytes: number; totalBytes: number }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const fraction = totalBytes > 0 ? Math.min(1, usedBytes / totalBytes) : 0
  const level = meterLevel(fraction)
  const text = t('status.ramFree', { free: formatBytes(totalBytes - usedBytes, locale), total: formatBytes(totalBytes, locale) })
  return (
    <div className={`meter meter--${level}`} title={`${label}: ${text}`}>
      <span className="meter__label">{label}</span>
      <span
        className="meter__bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={`${t(`meter.${level}`)}, ${text}`}
      >
        <span className="meter__fill" style={{ width: `${fraction * 100}%` }} />
      </span>
      <span className="meter__text">
        {Math.round(fraction * 100)}% · {t(`meter.${level}`)}
      </span>
    </div>
  )
}
