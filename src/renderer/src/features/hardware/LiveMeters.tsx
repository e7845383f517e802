import { memoryShortfalls } from '../../../../shared/monitor-plain'
import { Meter } from '../../components/Meter'
import { useT } from '../../i18n'
import { useHardware } from '../../stores/hardware'
import { useLatestTick, useMonitor } from '../../stores/monitor'
import './hardware.css'

/** The status bar's RAM and VRAM meters, live from the monitor (the probe's figure until the first tick). */
export function LiveMeters(): React.JSX.Element {
  const t = useT()
  const tick = useLatestTick()
  const probeRam = useHardware((state) => state.probe?.ram)
  const required = useMonitor((state) => state.requiredBytes)
  const ram = tick ? tick.ram : probeRam && { usedBytes: probeRam.totalBytes - probeRam.availableBytes, totalBytes: probeRam.totalBytes }
  const gpus = (tick?.gpus ?? []).filter((gpu) => gpu.usedBytes !== null && !gpu.unifiedMemory)
  const short = tick && required ? memoryShortfalls(tick, required).length > 0 : false
  return (
    <>
      {short && (
        <span className="status-bar__warning" role="status">
          ⚠ {t('hardware.warning.short')}
        </span>
      )}
      {ram && <Meter label={t('status.ram')} usedBytes={ram.usedBytes} totalBytes={ram.totalBytes} />}
      {gpus.map((gpu, index) => (
        <Meter
          key={index}
          label={gpus.length === 1 ? t('hardware.meter.vram') : t('hardware.meter.vramNumbered', { index: index + 1 })}
          usedBytes={gpu.usedBytes ?? 0}
          totalBytes={gpu.totalBytes}
        />
      ))}
    </>
  )
}
