import { formatBytes } from '../../../../shared/format'
import type { MonitorTick } from '../../../../shared/monitor'
import { meterLevel } from '../../components/Meter'
import { useLocale, useT } from '../../i18n'
import { useMonitor } from '../../stores/monitor'
import { LineChart, type ChartSeries } from './LineChart'

/** RAM and each GPU's VRAM over the last minutes, from the monitor's ticks. */
export function LiveCharts(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { ticks, windowMs, intervalMs } = useMonitor()
  const latest = ticks.at(-1)
  if (!latest) return <p className="muted" role="status">{t('hardware.live.waiting')}</p>

  const size = (bytes: number): string => formatBytes(bytes, locale)
  const value = (used: number, total: number): string =>
    t('hardware.chart.value', { used: size(used), total: size(total), percent: total > 0 ? Math.round((used / total) * 100) : 0 })
  const minutes = Math.round(windowMs / 60_000)
  const common = {
    now: latest.at,
    windowMs,
    gapMs: intervalMs * 3,
    formatValue: size,
    startLabel: t('hardware.chart.ago', { minutes }),
    endLabel: t('hardware.chart.now')
  }
  const summary = (title: string, used: number, total: number): string =>
    t('hardware.chart.summary', { title, value: value(used, total), level: t(`meter.${meterLevel(total > 0 ? used / total : 0)}`), minutes })
  const points = (read: (tick: MonitorTick) => number | null): ChartSeries['points'] => ticks.map((tick) => ({ at: tick.at, value: read(tick) }))

  const ramTitle = t('hardware.chart.ram')
  return (
    <div className="live-charts">
      <LineChart
        {...common}
        title={ramTitle}
        summary={summary(ramTitle, latest.ram.usedBytes, latest.ram.totalBytes)}
        max={latest.ram.totalBytes}
        series={[
          { label: t('hardware.chart.used'), current: value(latest.ram.usedBytes, latest.ram.totalBytes), variant: 'primary', points: points((tick) => tick.ram.usedBytes) },
          { label: t('hardware.chart.app'), current: size(latest.app.totalBytes), variant: 'secondary', points: points((tick) => tick.app.totalBytes) }
        ]}
      />
      {latest.gpus.map((gpu, index) => {
        if (gpu.unifiedMemory) return <p key={index} className="live-charts__note">{t('hardware.chart.unified', { name: gpu.name })}</p>
        if (gpu.usedBytes === null) return <p key={index} className="live-charts__note">{t('hardware.chart.noVram', { name: gpu.name })}</p>
        const title = t('hardware.chart.vram', { name: gpu.name })
        return (
          <LineChart
            key={index}
            {...common}
            title={title}
            summary={summary(title, gpu.usedBytes, gpu.totalBytes)}
            max={gpu.totalBytes}
            series={[{ label: t('hardware.chart.vramUsed'), current: value(gpu.usedBytes, gpu.totalBytes), variant: 'primary', points: points((tick) => tick.gpus[index]?.usedBytes ?? null) }]}
          />
        )
      })}
      <p className="live-charts__cpu">{t('hardware.cpuLoad', { percent: Math.round(latest.cpuPercent) })}</p>
    </div>
  )
}
