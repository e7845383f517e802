import { formatBytes } from '../../../../shared/format'
import { memoryShortfalls } from '../../../../shared/monitor-plain'
import { useLocale, useT } from '../../i18n'
import { useLatestTick, useMonitor } from '../../stores/monitor'

/** Says, in full, when free memory is below what the loaded model needs; nothing while no model sets a need. */
export function MemoryWarning(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale()
  const required = useMonitor((state) => state.requiredBytes)
  const tick = useLatestTick()
  if (!required || !tick) return null
  const shortfalls = memoryShortfalls(tick, required)
  if (shortfalls.length === 0) return null
  return (
    <div className="notice notice--warning" role="alert">
      {shortfalls.map((shortfall) => (
        <p key={shortfall.kind}>
          {t(`hardware.warning.${shortfall.kind}`, { required: formatBytes(shortfall.requiredBytes, locale), free: formatBytes(shortfall.freeBytes, locale) })}
        </p>
      ))}
    </div>
  )
}
