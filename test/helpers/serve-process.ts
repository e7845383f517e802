/** `exaone-desktop serve` as a real process on a free port, with the data folder given; its URL once printed. */
import { spawn, type ChildProcess } from 'node:child_process'

export function serveProcess(home: string, args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/backend/cli/main.ts', 'serve', '--port', '0', ...args], {
    env: { ...process.env, EXAONE_DESKTOP_HOME: home, EXAONE_DESKTOP_GPU: 'off' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()))
  const url = new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString()
      const line = /^(http:\S+)\n/m.exec(stdout)
      if (line?.[1]) resolve(line[1])
    })
    child.once('exit', () => reject(new Error(`serve exited before printing its URL:\n${stderr}`)))
  })
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, url, exit }
}
