/**
 * The Models page's custom machine, in Chromium on the real backend: described in the editor, refused in the user's
 * language when a number is wrong, saved in Settings so it is there after a restart, and every verdict follows it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'
import { closedPort } from '../helpers/closed-port'
import { expect, openApp, stopHarness, test } from './harness-fixture'

let home: string
let harness: RunningHarness

test.beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'exaone-e2e-machine-'))
  // The built-in catalog is enough here: no Hugging Face.
  harness = await startHarnessProcess(home, { HF_ENDPOINT: await closedPort() })
})

test.afterEach(async () => {
  await stopHarness(harness)
  rmSync(home, { recursive: true, force: true })
})

/** The fit of EXAONE 4.0 32B at Q4_K_M, as its row says it. */
const q4Verdict = (page: Page) => page.locator('article', { has: page.getByRole('heading', { name: 'EXAONE 4.0 32B', exact: true }) }).locator('tr', { hasText: 'Q4_K_M' }).locator('.fit-badge')

test('a described machine is checked as typed, saved, judged at once, and still there after a restart', async ({ page, consoleErrors }) => {
  await openApp(page, harness, 'models')
  await page.getByRole('button', { name: 'Describe my machine' }).click()
  const editor = page.getByRole('region', { name: 'My machine' })
  await editor.getByLabel('GPU', { exact: true }).selectOption('nvidia')
  await editor.getByLabel('Number of GPUs').fill('1')
  await editor.getByLabel('Memory per GPU (GB)').fill('24')
  const ram = editor.getByLabel('RAM (GB)')
  await ram.fill('0')
  await expect(editor.getByRole('alert')).toHaveText('Enter a whole number from 1 to 4,096.')
  await expect(ram).toHaveAttribute('aria-invalid', 'true')
  await expect(editor.getByRole('button', { name: 'Save and show advice' })).toBeDisabled()
  await ram.fill('64')
  await expect(editor.getByRole('alert')).toHaveCount(0)
  await editor.getByRole('button', { name: 'Save and show advice' }).click()

  await expect(editor).toHaveCount(0)
  await expect(page.getByLabel('Advice for')).toHaveValue('custom')
  await expect(page.locator('.models-hardware')).toContainText('What if: NVIDIA GPU 24 GB · 64 GB RAM, the machine you described')
  await expect(q4Verdict(page)).toHaveText('Runs on GPU')

  // A smaller card: the same row follows as soon as it is saved.
  await page.getByRole('button', { name: 'Edit my machine' }).click()
  await expect(editor.getByLabel('Memory per GPU (GB)')).toHaveValue('24')
  await editor.getByLabel('Memory per GPU (GB)').fill('12')
  await editor.getByRole('button', { name: 'Save and show advice' }).click()
  await expect(q4Verdict(page)).toHaveText(/^Partly on GPU/)
  expect(await page.evaluate(() => window.exaone?.invoke('settings:get', {}))).toMatchObject({ value: { customMachine: { gpu: 'nvidia', gpuCount: 1, gpuMemoryGB: 12, ramGB: 64, unifiedMemory: false } } })

  expect(consoleErrors).toEqual([])

  // A restart of the app keeps it (the old page's lost connection is no error of the app's).
  await page.goto('about:blank')
  await stopHarness(harness)
  harness = await startHarnessProcess(home, { HF_ENDPOINT: await closedPort() })
  await openApp(page, harness, 'models')
  await page.getByLabel('Advice for').selectOption('custom')
  await expect(page.getByLabel('Advice for').locator('option:checked')).toHaveText('My machine: NVIDIA GPU 12 GB · 64 GB RAM')
  await expect(q4Verdict(page)).toHaveText(/^Partly on GPU/)
})

test('in Korean, the rules across fields are said beside the field, and Apple silicon needs only its RAM', async ({ page }) => {
  await openApp(page, harness, 'models')
  expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko' }))).toMatchObject({ ok: true })
  // Choosing "my machine" before one is described opens the editor.
  await page.getByLabel('기준 하드웨어').selectOption('custom')
  const editor = page.getByRole('region', { name: '내 컴퓨터 사양' })
  await editor.getByLabel('GPU', { exact: true }).selectOption('amd')
  await editor.getByLabel('통합 메모리').check()
  await editor.getByLabel('GPU 개수').fill('2')
  await editor.getByLabel('GPU당 메모리(GB)').fill('96')
  await editor.getByLabel('RAM(GB)').fill('64')
  await expect(editor.getByRole('alert')).toHaveText(['RAM을 함께 쓰는 GPU는 하나뿐입니다. 1을 입력하세요.', 'RAM을 함께 쓰는 GPU의 메모리는 RAM보다 클 수 없습니다.'])
  await expect(editor.getByRole('button', { name: '저장하고 추천 보기' })).toBeDisabled()

  await editor.getByLabel('GPU', { exact: true }).selectOption('apple')
  await expect(editor.getByLabel('GPU 개수')).toHaveCount(0)
  await expect(editor).toContainText('GPU가 RAM을 함께 씁니다')
  await editor.getByRole('button', { name: '저장하고 추천 보기' }).click()
  await expect(page.locator('.models-hardware')).toContainText('가정: Apple M 시리즈 · 통합 메모리 64 GB(직접 입력한 사양')
  expect(await page.evaluate(() => window.exaone?.invoke('settings:get', {}))).toMatchObject({ value: { customMachine: { gpu: 'apple', ramGB: 64 } } })
})
