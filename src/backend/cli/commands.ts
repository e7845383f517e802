import { resolveDataDir } from '../paths'
import type { Command } from './command'
import { catalog } from './commands/catalog'
import { chat } from './commands/chat'
import { config } from './commands/config'
import { deleteCommand } from './commands/delete'
import { download } from './commands/download'
import { engines } from './commands/engines'
import { fit } from './commands/fit'
import { importCommand } from './commands/import'
import { list } from './commands/list'
import { monitor } from './commands/monitor'
import { probe } from './commands/probe'
import { promptFormat } from './commands/prompt-format'
import { serve } from './commands/serve'
import { verify } from './commands/verify'

export const commands: Record<string, Command> = {
  probe,
  monitor,
  catalog,
  fit,
  download,
  list,
  delete: deleteCommand,
  import: importCommand,
  verify,
  chat,
  'prompt-format': promptFormat,
  config,
  serve,
  engines
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
