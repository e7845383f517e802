/**
 * `npm run test:electron`: the Electron specs, after a build. On Linux with no display (CI, a server) it runs
 * them under `xvfb-run -a`, since an Electron window needs an X server; elsewhere it runs Playwright directly.
 * Where the Electron binary is not installed the specs report themselves skipped, with the reason.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

// Playwright's CLI under this Node, not `npx`: spawning npx needs a shell on Windows.
const playwright = [process.execPath, createRequire(import.meta.url).resolve('@playwright/test/cli'), 'test', '--project', 'electron', ...process.argv.slice(2)]

function electronInstalled(): boolean {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path)
  } catch {
    return false
  }
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
let command = playwright
if (headless && electronInstalled()) {
  if (!hasCommand('xvfb-run')) {
    console.error('There is no display for the Electron window and xvfb-run is not installed. Install it (Debian/Ubuntu: apt-get install xvfb) or set DISPLAY.')
    process.exit(1)
  }
  command = ['xvfb-run', '-a', ...command]
}
const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' })
process.exit(result.status ?? 1)
