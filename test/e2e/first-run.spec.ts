/**
 * The path that matters most: a new user with no model. The recommendation for this machine, then one button:
 * licence, download (from a fake Hugging Face on 127.0.0.1 serving a small generated EXAONE 4.0 file), verify,
 * load, and a chat that answers. Only Hugging Face is replaced; the app, llama.cpp and the browser are real.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeHub } from '../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles } from '../helpers/fake-models'
import { startHarnessProcess } from '../helpers/harness-process'
import { expect, openApp, stopHarness, test } from './harness-fixture'

test('first run: recommendation, licence, download, load and a first answer with one button', async ({ page }) => {
  test.setTimeout(120_000)
  const hub = await startFakeHub({ repos: [fakeExaoneRepo(await makeFakeExaoneFiles())] })
  const home = mkdtempSync(join(tmpdir(), 'exaone-e2e-first-'))
  const harness = await startHarnessProcess(home, { HF_ENDPOINT: hub.endpoint })
  try {
    await openApp(page, harness)
    const card = page.locator('.first-run__card')
    await expect(card.getByRole('heading', { name: /Start with EXAONE 4\.0 1\.2B, Q8_0/ })).toBeVisible()
    await expect(card).toContainText(/CPU only|Runs on GPU|Partly on GPU/)
    await page.screenshot({ path: test.info().outputPath('first-run-en.png') })

    await card.getByRole('button', { name: 'Accept the licence, download and start' }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toContainText(/EXAONE AI Model License/)
    await dialog.getByRole('button', { name: 'Accept and download' }).click()

    const box = page.getByRole('textbox', { name: 'Message' })
    await expect(box).toBeVisible({ timeout: 60_000 })
    await expect(page.locator('.status-bar__model--ready')).toContainText(/EXAONE 4\.0 1\.2B/, { timeout: 60_000 })
    await box.fill('첫 질문입니다')
    await box.press('Enter')
    await expect(page.locator('article.message--assistant .message__stats')).toBeVisible({ timeout: 60_000 })
    expect(hub.bytesServed()).toBeGreaterThan(0)
  } finally {
    await stopHarness(harness)
    await hub.close()
    rmSync(home, { recursive: true, force: true })
  }
})
