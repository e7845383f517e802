/**
 * Starts the real browser harness (`npm run web` without the build step) on a free port with a fresh data folder
 * for each test, and gives the test its URL. The backend is real; only the Electron window is replaced by
 * Chromium. Each test owning its harness and folder (settings.json, chats, the loaded model) is what lets the
 * tests pass in any order; a start costs about 0.7-1.2 s here (`npm run bench -- --only 'harness startup'`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { startHarnessProcess, stopProcess, type RunningHarness } from '../helpers/harness-process'

export const test = base.extend<{ consoleErrors: string[]; harness: RunningHarness }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'exaone-e2e-'))
    const harness = await startHarnessProcess(home)
    try {
      await use(harness)
    } finally {
      await stopHarness(harness)
      rmSync(home, { recursive: true, force: true })
    }
  },
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

/**
 * Adds a scripted OpenAI-style server (vLLM's model list, test/helpers/fake-openai-server.ts) as the remote engine
 * `name` and picks its model in the chat. The switch is a round trip to the backend: a message sent before it lands
 * has no engine to go to, so this waits until the status bar names the engine.
 */
export async function chooseScriptedEngine(page: Page, name: string, baseUrl: string): Promise<void> {
  expect(await page.evaluate(({ name, baseUrl }) => window.exaone?.invoke('engines:add', { name, baseUrl }), { name, baseUrl })).toMatchObject({ ok: true })
  await page.getByLabel('Model', { exact: true }).selectOption({ label: `LGAI-EXAONE/EXAONE-4.0-32B · remote, ${name}` })
  await expect(page.locator('.status-bar__model')).toContainText(name)
}

/** Stops a harness and waits until its process has exited, so nothing writes into its folder afterwards. */
export async function stopHarness(harness: RunningHarness): Promise<void> {
  await stopProcess(harness.process)
}

export { expect }
