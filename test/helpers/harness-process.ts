/** Starts `npm run web`'s server from source as a real process (the renderer must be built) and reads its URL. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

export interface RunningHarness {
  url: string
  home: string
  process: ChildProcess
}

export async function startHarnessProcess(home: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHarness> {
  // Tests run llama.cpp on the CPU, whatever GPU the machine has, so they behave the same everywhere.
  const { child, printed } = await startPrinting(['src/backend/harness/main.ts', '--port', '0', '--home', home], { EXAONE_DESKTOP_GPU: 'off', ...env }, /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, 'The harness')
  return { url: printed, home, process: child }
}

/**
 * Runs a TypeScript entry in Node as a child process and resolves once its output matches `pattern`, with the
 * pattern's first group; rejects with the output so far when it exits first or prints nothing that matches in 20 s.
 */
export async function startPrinting(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp, name: string): Promise<{ child: ChildProcess; printed: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let output = ''
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} printed nothing expected in 20 s:\n${output}`)), 20_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)))
  })
  return { child, printed }
}

/** Ends a child with `signal` (SIGKILL: as a crash or a pulled cable would) and waits until it has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}
