import type { ParseArgsConfig } from 'node:util'

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface Command {
  summary: string
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Returns the exit code. Results go to stdout, errors and progress to stderr. */
  run(values: Values, positionals: string[]): Promise<number>
}

export const jsonOption = { json: { type: 'boolean' } } as const
