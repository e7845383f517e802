import { formatBytes } from '../../../shared/format'
import type { MonitorTick } from '../../../shared/monitor'
import { EventHub } from '../../event-hub'
import { dataPaths, resolveDataDir } from '../../paths'
import { HardwareService } from '../../services/hardware/hardware-service'
import { MonitorService } from '../../services/monitor/monitor-service'
import { jsonOption, type Command } from '../command'

export const monitor: Command = {
  summary: 'Live memory, CPU and VRAM, one line a second',
  help: `Usage: exaone-desktop monitor [--json] [--seconds N]

Prints system memory, CPU load, this app's own memory and each GPU's VRAM once a second until Ctrl-C.
  --seconds N   stop after N lines
  --json        one JSON object per line (NDJSON), the app's monitor:tick events`,
  options: { ...jsonOption, seconds: { type: 'string' } },
  async run(values) {
    const seconds = values.seconds === undefined ? Infinity : Number(values.seconds)
    if (!(seconds > 0 && (Number.isInteger(seconds) || seconds === Infinity))) {
      console.error(`--seconds must be a whole number above 0, not "${String(values.seconds)}".`)
      return 2
    }
    const hub = new EventHub()
    const hardware = new HardwareService(dataPaths(resolveDataDir()).models, hub)
    // The GPU list comes from the full probe; without it there would be no VRAM to show.
    await hardware.complete()
    const live = new MonitorService(hub, hardware)
    return new Promise((resolve) => {
      let printed = 0
      const finish = (): void => {
        unsubscribe()
        live.dispose()
        process.off('SIGINT', finish)
        resolve(0)
      }
      const unsubscribe = hub.on('monitor:tick', (tick) => {
        console.log(values.json ? JSON.stringify(tick) : describe(tick))
        if (++printed >= seconds) finish()
      })
      process.on('SIGINT', finish)
    })
  }
}

function describe(tick: MonitorTick): string {
  const time = new Date(tick.at).toTimeString().slice(0, 8)
  const gpus = tick.gpus.map((gpu, index) =>
    gpu.usedBytes === null
      ? `GPU${index} ${gpu.unifiedMemory ? 'shares RAM' : 'n/a'}`
      : `GPU${index} ${formatBytes(gpu.usedBytes)} of ${formatBytes(gpu.totalBytes)}`
  )
  return [
    time,
    `RAM ${formatBytes(tick.ram.usedBytes)} used, ${formatBytes(tick.ram.availableBytes)} free of ${formatBytes(tick.ram.totalBytes)}`,
    `CPU ${Math.round(tick.cpuPercent)}%`,
    `app ${formatBytes(tick.app.totalBytes)}`,
    ...gpus
  ].join(' · ')
}
