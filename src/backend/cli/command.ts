import type { ParseArgsConfig } from 'node:util'
import { AppError } from '../../shared/errors'

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface Command {
  summary: string
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Returns the exit code. Results go to stdout, errors and progress to stderr. */
  run(values: Values, positionals: string[]): Promise<number>
}

export const jsonOption = { json: { type: 'boolean' } } as const

/** A key on the command line is seen by anyone who lists the machine's processes; --api-key-stdin reads it from standard input. */
export const apiKeyOptions = { 'api-key': { type: 'string' }, 'api-key-stdin': { type: 'boolean' } } as const

/** The key --api-key gives, or the first line of standard input with --api-key-stdin; undefined with neither. */
export async function apiKeyFrom(values: Values, input: AsyncIterable<Buffer | string> = process.stdin): Promise<string | undefined> {
  const given = values['api-key']
  if (values['api-key-stdin'] !== true) return typeof given === 'string' ? given : undefined
  if (given !== undefined) throw new AppError({ code: 'bad-request', message: 'Give the key with --api-key or with --api-key-stdin, not both.', hint: 'Leave out --api-key: it is seen by anyone who lists processes.' })
  let text = ''
  for await (const chunk of input) {
    text += chunk.toString()
    if (text.includes('\n')) break
  }
  const key = text.split(/\r?\n/, 1)[0]?.trim() ?? ''
  if (key === '') throw new AppError({ code: 'bad-request', message: 'No key came on standard input.', hint: 'Send it on the first line, e.g. from a file: --api-key-stdin < key.txt' })
  return key
}
