/**
 * Failures as a Korean user meets them, in Chromium on the real backend: each is said in Korean by its code, next
 * to the action that failed, with the button for the likely fix; the backend's English stays below as detail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'
import { expect, openApp, stopHarness, test } from './harness-fixture'
import { closedPort } from '../helpers/closed-port'

let home: string
let harness: RunningHarness
let unreachable: string

test.beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'exaone-e2e-errors-'))
  unreachable = await closedPort()
  // Hugging Face cannot be reached: what a filtered network looks like to the app.
  harness = await startHarnessProcess(home, { HF_ENDPOINT: unreachable })
})

test.afterEach(async () => {
  await stopHarness(harness)
  rmSync(home, { recursive: true, force: true })
})

async function openInKorean(page: Page, hash: string): Promise<void> {
  await openApp(page, harness, hash)
  expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko' }))).toMatchObject({ ok: true })
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
}

test('an offline catalog says so in Korean, tries again, and leads to the mirror setting', async ({ page, consoleErrors }) => {
  await openInKorean(page, 'models')
  const notice = page.locator('.catalog-status [role="alert"]')
  await expect(notice).toContainText('Hugging Face에 연결할 수 없습니다.')
  await expect(notice).toContainText('설정에서 Hugging Face 미러를 지정하세요')
  // The backend's own words stay, for the details.
  await expect(notice.locator('[lang="en"]')).toContainText('the connection was refused')
  await notice.getByRole('button', { name: '다시 시도' }).click()
  await expect(notice).toContainText('Hugging Face에 연결할 수 없습니다.')
  await notice.getByRole('button', { name: '설정 열기' }).click()
  await expect(page.getByRole('heading', { name: '설정', level: 1 })).toBeVisible()
  await expect(page.getByLabel('주소(미러)')).toBeVisible()
  expect(consoleErrors).toEqual([])
})

test('the mirror field refuses a non-address in Korean, its Test button says the address is unreachable without saving it, Save keeps it', async ({ page }) => {
  await openInKorean(page, 'settings')
  const field = page.getByLabel('주소(미러)')
  await field.fill('hf-mirror.com')
  await field.blur()
  await expect(page.getByText('https:// 또는 http://로 시작하는 주소')).toBeVisible()
  expect(await page.evaluate(() => window.exaone?.invoke('settings:get', {}))).toMatchObject({ ok: true, value: { locale: 'ko' } })

  await field.fill(unreachable)
  await page.getByRole('button', { name: '연결 확인' }).click()
  const notice = page.locator('.field [role="alert"]').filter({ hasText: 'Hugging Face에 연결할 수 없습니다.' })
  await expect(notice).toBeVisible()
  // Already on Settings: no button that leads back here.
  await expect(notice.getByRole('button', { name: '설정 열기' })).toHaveCount(0)
  await notice.getByRole('button', { name: '닫기' }).click()
  await expect(notice).toHaveCount(0)
  // Testing saved nothing; Save does.
  expect(await page.evaluate(() => window.exaone?.invoke('settings:get', {}))).not.toMatchObject({ value: { huggingFaceEndpoint: expect.anything() } })
  await page.getByRole('button', { name: '저장', exact: true }).first().click()
  await expect.poll(() => page.evaluate(() => window.exaone?.invoke('settings:get', {}))).toMatchObject({ value: { huggingFaceEndpoint: unreachable } })
})

test('an import of a file that is not an EXAONE model says why in Korean, in the dialog', async ({ page }) => {
  const file = join(home, 'notes.gguf')
  writeFileSync(file, 'not a model at all')
  await openInKorean(page, 'library')
  await page.getByRole('button', { name: '파일 가져오기…' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox').fill(file)
  await dialog.getByRole('button', { name: '가져오기', exact: true }).click()
  const notice = dialog.getByRole('alert')
  await expect(notice).toContainText('모델 파일을 사용할 수 없습니다.')
  await expect(notice.locator('[lang="en"]')).toContainText('notes.gguf is not a GGUF model file')
})
