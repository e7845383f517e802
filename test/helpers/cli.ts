/** Runs the CLI from source as a real process with its own data folder (unless EXAONE_DESKTOP_HOME is given). */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `input` is written to its standard input, which is then closed. */
export async function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> {
  const home = env.EXAONE_DESKTOP_HOME ?? (await mkdtemp(join(tmpdir(), 'exaone-cli-')))
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/backend/cli/main.ts', ...args], { env: { ...process.env, EXAONE_DESKTOP_HOME: home, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
    if (input !== undefined) child.stdin?.end(input)
  })
}
