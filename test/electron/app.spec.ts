/**
 * The same smoke path as test/e2e, in a real Electron window. Electron's binary cannot be downloaded on the
 * build machines (ELECTRON_SKIP_BINARY_DOWNLOAD), so these skip there, saying why, and run wherever it is installed.
 */
import { existsSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const skipReason =
  'The Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 on this machine); after a normal `npm install` these run.'

test.describe('Electron window', () => {
  test.skip(binary === null, skipReason)

  test('opens a sandboxed window with the app shell and a working bridge', async () => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['out/main/index.js'],
      env: { ...process.env, EXAONE_DESKTOP_HOME: mkdtempSync(join(tmpdir(), 'exaone-electron-')) }
    })
    const page = await app.firstWindow()
    await expect(page.getByRole('navigation')).toBeVisible()
    await expect(page.locator('.status-bar [role="meter"]')).toBeVisible()

    const info = await page.evaluate(async () => {
      const reply = await window.exaone?.invoke('app:info', {})
      return { reply, requireType: typeof (window as unknown as { require?: unknown }).require, processType: typeof (window as unknown as { process?: unknown }).process }
    })
    expect(info.reply).toMatchObject({ ok: true, value: { name: 'EXAONE Desktop' } })
    expect(info.requireType).toBe('undefined')
    expect(info.processType).toBe('undefined')

    // A navigation away from the app is refused by will-navigate.
    await page.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await expect(page.getByRole('navigation')).toBeVisible()
    expect(page.url()).toMatch(/^file:/)
    await app.close()
  })
})
