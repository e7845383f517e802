/**
 * Starts the real browser harness (`npm run web` without the build step) on a free port with a fresh data folder,
 * and gives tests its URL. The backend is real; only the Electron window is replaced by Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'

export const test = base.extend<{ consoleErrors: string[] }, { harness: RunningHarness }>({
  harness: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const home = mkdtempSync(join(tmpdir(), 'exaone-e2e-'))
      const harness = await startHarnessProcess(home)
      await use(harness)
      harness.process.kill('SIGTERM')
      rmSync(home, { recursive: true, force: true })
    },
    { scope: 'worker' }
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(String(error)))
    await use(errors)
  }
})

/** Opens a page of the app and waits until the shell and the backend's first answers are on screen. */
export async function openApp(page: Page, harness: RunningHarness, hash = 'chat'): Promise<void> {
  await page.goto(`${harness.url}#/${hash}`)
  await expect(page.locator('.status-bar [role="meter"]')).toBeVisible()
}

export { expect }
