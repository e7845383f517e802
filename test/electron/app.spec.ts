/**
 * The app's first minute in a real Electron window: the page on app://, the bridge, Copy reaching the system
 * clipboard, a (tiny, generated) model answering from the utility process, and quitting only after the worker
 * has gone; in a packaged build, the fuses. Electron's binary cannot be downloaded on the build machines
 * (ELECTRON_SKIP_BINARY_DOWNLOAD), so these skip there, saying why, and run wherever it is installed, after
 * `npm run build` (they start out/main/index.js). On Linux without a display: `npm run test:electron`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import type * as Fuses from '@electron/fuses'
import { fusesFor } from '../../scripts/electron-fuses'
import { writeTinyExaone4 } from '../fixtures/gguf/exaone-models'

const require = createRequire(import.meta.url)

function electronBinary(): string | null {
  try {
    const path = require('electron') as unknown as string
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const skipReason =
  'The Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 on this machine); after a normal `npm install` these run.'

let home: string
let modelPath: string

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'exaone-electron-'))
  modelPath = (await writeTinyExaone4(join(home, 'tiny-exaone4.gguf'), { seed: 2 })).path
})

test.afterAll(() => rmSync(home, { recursive: true, force: true }))

async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: ['out/main/index.js'],
    env: { ...process.env, EXAONE_DESKTOP_HOME: join(home, 'data'), EXAONE_DESKTOP_GPU: 'off', ELECTRON_RENDERER_URL: '' }
  })
  const page = await app.firstWindow()
  await expect(page.getByRole('navigation')).toBeVisible()
  return { app, page }
}

const invoke = (page: Page, name: string, args: unknown = {}) =>
  page.evaluate(([name, args]) => window.exaone?.invoke(name as never, args as never), [name, args] as const)

test.describe('Electron app', () => {
  test.skip(binary === null, skipReason)

  test('opens a sandboxed window on app:// with a working bridge, and stays there', async () => {
    const { app, page } = await launch()
    expect(page.url()).toMatch(/^app:\/\/exaone\//)
    const info = await page.evaluate(async () => ({
      origin: location.origin,
      reply: await window.exaone?.invoke('app:info', {}),
      requireType: typeof (window as unknown as { require?: unknown }).require,
      processType: typeof (window as unknown as { process?: unknown }).process
    }))
    expect(info.origin).toBe('app://exaone')
    expect(info.reply).toMatchObject({ ok: true, value: { name: 'EXAONE Desktop' } })
    expect(info.requireType).toBe('undefined')
    expect(info.processType).toBe('undefined')

    // Nothing outside the renderer folder is served: Chromium resolves the dots (a 404 inside the folder) or the
    // handler refuses what is left (400); out/main/index.js never comes back.
    for (const path of ['%2e%2e/main/index.js', '..%2fmain%2findex.js', '..%5cmain%5cindex.js']) {
      const status = await page.evaluate((path) => fetch(`app://exaone/${path}`).then((response) => response.status), path)
      expect([400, 404], path).toContain(status)
    }

    // A navigation away from the app is refused by will-navigate.
    await page.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await expect(page.getByRole('navigation')).toBeVisible()
    expect(page.url()).toMatch(/^app:\/\/exaone\//)
    await app.close()
  })

  test('the full hardware probe (a utility process) and the memory monitor (app.getAppMetrics) work', async () => {
    const { app, page } = await launch()
    // The probe's child is a utility process (no ELECTRON_RUN_AS_NODE): its answer says node-llama-cpp loaded.
    await expect
      .poll(async () => ((await invoke(page, 'hardware:probe')) as { value?: { complete: boolean; llamaCpp: { problem: string | null } | null } }).value, { timeout: 60_000 })
      .toMatchObject({ complete: true, llamaCpp: { problem: null } })
    // Every process with its memory, from app.getAppMetrics(), on every OS.
    await expect
      .poll(async () => {
        const history = (await invoke(page, 'monitor:history')) as { value?: { ticks: Array<{ app: { processes: Array<{ role: string; rssBytes: number | null }> } }> } }
        return history.value?.ticks.at(-1)?.app.processes.filter((entry) => (entry.rssBytes ?? 0) > 0).map((entry) => entry.role)
      })
      .toEqual(expect.arrayContaining(['main', 'renderer']))
    await app.close()
  })

  test('a tiny model loads in the utility process and answers; Copy reaches the clipboard; quitting waits for the worker', async () => {
    const { app, page } = await launch()
    expect(await invoke(page, 'engine:load', { path: modelPath, contextSize: 2048 })).toMatchObject({ ok: true })
    await expect(page.locator('.status-bar__model--ready')).toBeVisible()
    // The shape test/fixtures/electron/app-metrics.json stands for; attached, a real run's output can replace it.
    const metrics = await app.evaluate(({ app }) => app.getAppMetrics())
    await test.info().attach('app-metrics.json', { body: JSON.stringify(metrics, null, 2), contentType: 'application/json' })
    expect(metrics.map((metric) => metric.type)).toEqual(expect.arrayContaining(['Browser', 'Tab', 'Utility']))
    const worker = metrics.find((metric) => metric.type === 'Utility' && metric.name === 'EXAONE inference')
    expect(worker?.memory.workingSetSize).toBeGreaterThan(0)
    const workerPid = worker?.pid

    await page.getByRole('button', { name: 'New chat' }).first().click()
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('Hello there')
    await box.press('Enter')
    await expect(page.locator('article.message--assistant .message__stats')).toContainText(/tokens/, { timeout: 30_000 })

    const question = page.locator('article.message--user')
    await question.hover()
    await question.getByRole('button', { name: 'Copy' }).click()
    await expect(question.getByRole('button', { name: 'Copied' })).toBeVisible()
    await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toBe('Hello there')

    await app.close()
    expect(() => process.kill(workerPid!, 0)).toThrow()
  })
})

/** The app electron-builder made (`npm run dist`), if there is one: release/<version>/<platform>-unpacked or mac. */
function packagedBinary(): string | null {
  if (!existsSync('release')) return null
  for (const version of readdirSync('release')) {
    const dir = join('release', version)
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      const unpacked = join(dir, entry)
      if (entry === 'mac' || entry.startsWith('mac-')) {
        const app = readdirSync(unpacked).find((name) => name.endsWith('.app'))
        if (app) return join(unpacked, app)
      }
      if (entry.endsWith('-unpacked')) {
        const executable = readdirSync(unpacked).find((name) => name === 'EXAONE Desktop.exe' || name === 'exaone-desktop')
        if (executable) return join(unpacked, executable)
      }
    }
  }
  return null
}

function fusesLibrary(): typeof Fuses | null {
  try {
    return require('@electron/fuses') as typeof Fuses
  } catch {
    return null
  }
}

test.describe('packaged app', () => {
  const packaged = packagedBinary()
  const fuses = fusesLibrary()
  test.skip(packaged === null, 'No packaged app in release/ (made by `npm run dist` on a release machine).')
  test.skip(fuses === null, '@electron/fuses is not installed (it comes with electron-builder).')

  // Playwright drives Electron through --inspect, which the nodeCliInspect fuse turns off: the packaged app is
  // checked by its fuse wire, the behaviour by the tests above on out/main.
  test('has the fuses electron-builder.json asks for', async () => {
    const { FuseV1Options } = fuses!
    // @electron/fuses does not export FuseState at runtime: a fuse is the character '0' (off) or '1' (on).
    const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) }
    const wire = (await fuses!.getCurrentFuseWire(packaged!)) as unknown as Record<number, number>
    const asked = fusesFor(process.platform, (JSON.parse(readFileSync('electron-builder.json', 'utf8')) as { electronFuses: Record<string, boolean> }).electronFuses)
    const state = (on: boolean | undefined): number => (on ? FuseState.ENABLE : FuseState.DISABLE)
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      enableCookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      enableNodeOptionsEnvironmentVariable: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      enableNodeCliInspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      enableEmbeddedAsarIntegrityValidation: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      grantFileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges]
    }).toEqual(Object.fromEntries(Object.entries(asked).map(([name, on]) => [name, state(on)])))
  })
})
