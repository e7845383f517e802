/** Starts `npm run web`'s server as a real process, built as the app is (out/main/harness.js: run npm run build first), and reads its URL. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

export interface RunningHarness {
  url: string
  home: string
  process: ChildProcess
}

export async function startHarnessProcess(home: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHarness> {
  const child = spawn(process.execPath, ['out/main/harness.js', '--port', '0', '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Tests run llama.cpp on the CPU, whatever GPU the machine has, so they behave the same everywhere.
    env: { ...process.env, EXAONE_DESKTOP_GPU: 'off', ...env }
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The harness printed no URL in 20 s:\n${output}`)), 20_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => reject(new Error(`The harness exited with ${code}:\n${output}`)))
  })
  return { url, home, process: child }
}

/** Ends a child with `signal` (SIGKILL: as a crash or a pulled cable would) and waits until it has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}
