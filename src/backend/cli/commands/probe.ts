import { formatBytes } from '../../../shared/format'
import { dataPaths, resolveDataDir } from '../../paths'
import { probeFast } from '../../services/hardware-probe'
import { jsonOption, type Command } from '../command'

export const probe: Command = {
  summary: 'What this machine has: CPU, RAM, GPUs, free disk',
  help: `Usage: exaone-desktop probe [--json]

Prints this machine's CPU, memory, GPUs and free disk space in the models folder.
  --json   machine-readable output (the same shape --hardware files take)`,
  options: { ...jsonOption },
  async run(values) {
    const result = await probeFast(dataPaths(resolveDataDir()).models)
    if (values.json) {
      console.log(JSON.stringify(result, null, 2))
      return 0
    }
    console.log(`CPU   ${result.cpu.brand} · ${result.cpu.cores} cores / ${result.cpu.threads} threads`)
    console.log(`RAM   ${formatBytes(result.ram.availableBytes)} available of ${formatBytes(result.ram.totalBytes)}`)
    console.log(`GPU   ${result.gpus.length === 0 ? 'none found' : result.gpus.map((gpu) => gpu.name).join(', ')}`)
    if (result.disk) console.log(`Disk  ${formatBytes(result.disk.freeBytes)} free at ${result.disk.path}`)
    return 0
  }
}
