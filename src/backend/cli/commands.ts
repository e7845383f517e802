import type { ParseArgsConfig } from 'node:util'
import { dataPaths, resolveDataDir } from '../paths'
import { probeFast } from '../services/hardware-probe'
import { formatBytes } from '../../shared/format'

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface Command {
  summary: string
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  run(values: Values, positionals: string[]): Promise<number>
}

const json = { type: 'boolean' } as const

export const commands: Record<string, Command> = {
  probe: {
    summary: 'What this machine has: CPU, RAM, GPUs, free disk',
    help: `Usage: exaone-desktop probe [--json]

Prints this machine's CPU, memory, GPUs and free disk space in the models folder.
  --json   machine-readable output (the same shape --hardware files take)`,
    options: { json },
    async run(values) {
      const probe = await probeFast(dataPaths(resolveDataDir()).models)
      if (values.json) {
        console.log(JSON.stringify(probe, null, 2))
        return 0
      }
      console.log(`CPU   ${probe.cpu.brand} · ${probe.cpu.cores} cores / ${probe.cpu.threads} threads`)
      console.log(`RAM   ${formatBytes(probe.ram.availableBytes)} available of ${formatBytes(probe.ram.totalBytes)}`)
      console.log(`GPU   ${probe.gpus.length === 0 ? 'none found' : probe.gpus.map((gpu) => gpu.name).join(', ')}`)
      if (probe.disk) console.log(`Disk  ${formatBytes(probe.disk.freeBytes)} free at ${probe.disk.path}`)
      return 0
    }
  }
}

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const list = Object.entries(commands)
    .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
    .join('\n')
  return `EXAONE Desktop command line

Usage: exaone-desktop <command> [options]     (from a checkout: npm run cli -- <command> [options])

Commands:
${list}

Run "exaone-desktop <command> --help" for a command's options.
Data folder: ${resolveDataDir()} (set EXAONE_DESKTOP_HOME to use another)`
}
