import { resolveDataDir } from '../paths'
import type { Command } from './command'
import { probe } from './commands/probe'

export const commands: Record<string, Command> = { probe }

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
