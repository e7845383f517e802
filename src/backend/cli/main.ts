/** The command line: the same services as the app, for scripts, tests and machines without a screen. */
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { commands, usage } from './commands'
import { appVersion } from '../version'

// `exaone-desktop probe | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return 0
  }
  if (name === '--version' || name === '-v') {
    console.log(appVersion)
    return 0
  }
  const command = commands[name]
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`)
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${command.help}`)
    return 2
  }
  if (parsed.values.help) {
    console.log(command.help)
    return 0
  }
  return command.run(parsed.values, parsed.positionals)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}${error.hint ? `\n${error.hint}` : ''}`)
    } else {
      console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
    }
    process.exitCode = 1
  }
)
