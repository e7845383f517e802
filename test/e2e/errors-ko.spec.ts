/**
 * Failures as a Korean user meets them, in Chromium on the real backend: each is said in Korean by its code, next
 * to the action that failed, with the button for the likely fix; the backend's English stays below as detail.
 * Hugging Face is either unreachable (a closed port: a filtered network) or the fake one on 127.0.0.1 with faults
 * injected; only the model too big for any machine here is a GGUF header whose weights are left out (they would
 * be hundreds of GB), which is what the fit advisor reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { defaultRetryPolicy } from '../../src/backend/services/downloads/retry-policy'
import { EXAONE_4_0_32B_SHAPE, exaoneModelSpec } from '../fixtures/gguf/exaone-models'
import { layoutGguf } from '../fixtures/gguf/writer'
import { closedPort } from '../helpers/closed-port'
import { startFakeHub, type FakeHub } from '../helpers/fake-hf-server'
import { fakeExaoneRepo, makeFakeExaoneFiles } from '../helpers/fake-models'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'
import { expect, openApp, stopHarness, test } from './harness-fixture'

let home: string
let harness: RunningHarness
let hub: FakeHub | null = null
let unreachable: string

// eslint-disable-next-line no-empty-pattern -- Playwright gives the test info only after the fixtures.
test.beforeEach(async ({}, testInfo) => {
  home = mkdtempSync(join(tmpdir(), 'exaone-e2e-errors-'))
  unreachable = await closedPort()
  // The download and load tests start the fake Hugging Face first; the others see an unreachable one.
  if (!testInfo.tags.includes('@hub')) harness = await startHarnessProcess(home, { HF_ENDPOINT: unreachable })
})

test.afterEach(async () => {
  await stopHarness(harness)
  await hub?.close()
  hub = null
  rmSync(home, { recursive: true, force: true })
})

async function startWithHub(repos: Parameters<typeof startFakeHub>[0]['repos']): Promise<FakeHub> {
  hub = await startFakeHub({ repos })
  harness = await startHarnessProcess(home, { HF_ENDPOINT: hub.endpoint })
  return hub
}

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

/** Accepts the licence and starts the download of EXAONE 4.0 1.2B at Q8_0 from its row on the Models page. */
async function downloadQ8(page: Page): Promise<void> {
  await openInKorean(page, 'models')
  await page.locator('button[data-model="exaone-4.0-1.2b"][data-quant="Q8_0"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '동의하고 다운로드' }).click()
}

test('a download the server keeps failing says so in Korean in the Library, and Retry finishes it', { tag: '@hub' }, async ({ page }) => {
  const fake = await startWithHub([fakeExaoneRepo(await makeFakeExaoneFiles())])
  // Every try answers 500 with "Retry-After: 0", so the download gives up at once instead of backing off; Retry
  // then finds the server well again.
  fake.fail({ kind: 'status', status: 500, retryAfterSeconds: 0 }, defaultRetryPolicy.maxAttempts + 1)
  await downloadQ8(page)
  await page.getByRole('link', { name: '라이브러리' }).click()
  const row = page.locator('.download-row')
  await expect(row.locator('.download-row__status')).toHaveText('서버가 계속 오류로 응답했습니다')
  const notice = row.getByRole('alert')
  // The server answered (500), so it is not called unreachable: the trouble is on its side.
  await expect(notice).toContainText('Hugging Face(또는 미러)가 계속 오류로 응답했습니다.')
  await expect(notice).toContainText('설정에서 다른 미러를 써 보세요')
  await expect(notice.getByRole('button', { name: '설정 열기' })).toBeVisible()
  await expect(notice.locator('[lang="en"]')).toContainText('500')
  await page.screenshot({ path: test.info().outputPath('download-failed-ko.png') })
  await row.getByRole('button', { name: '다시 시도' }).click()
  await expect(page.locator('.installed-list, .library-section').getByText('EXAONE 4.0 1.2B').first()).toBeVisible()
  await expect(row).toHaveCount(0)
})

test('a file that arrives damaged is not installed, says so in Korean, and downloading again installs it', { tag: '@hub' }, async ({ page }) => {
  const fake = await startWithHub([fakeExaoneRepo(await makeFakeExaoneFiles())])
  fake.fail({ kind: 'wrong-bytes' })
  await downloadQ8(page)
  await page.getByRole('link', { name: '라이브러리' }).click()
  const row = page.locator('.download-row')
  await expect(row.locator('.download-row__status')).toHaveText('파일이 손상된 채로 받아졌습니다')
  const notice = row.getByRole('alert')
  await expect(notice).toContainText('다운로드한 파일의 체크섬이 맞지 않아 설치하지 않았습니다.')
  await expect(notice).toContainText('다시 다운로드하세요.')
  expect(await page.evaluate(() => window.exaone?.invoke('library:list', {}))).toMatchObject({ ok: true, value: { installed: [] } })
  await row.getByRole('button', { name: '다시 시도' }).click()
  await expect(row).toHaveCount(0)
  await expect.poll(async () => page.evaluate(() => window.exaone?.invoke('library:list', {}))).toMatchObject({ value: { installed: [{ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }] } })
})

test('a download bigger than the free disk is refused before a byte is fetched, in Korean, with how to make room', { tag: '@hub' }, async ({ page }) => {
  // Hugging Face lists the file at 10 TB (no disk here has that free); it is never read.
  const listed = join(home, 'listed-only.gguf')
  writeFileSync(listed, 'never fetched')
  const fake = await startWithHub([{ repo: 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF', commit: 'f'.repeat(40), files: [{ name: 'EXAONE-4.0-1.2B-Q8_0.gguf', path: listed, size: 10e12, sha256: 'a'.repeat(64) }] }])
  await downloadQ8(page)
  await page.getByRole('link', { name: '라이브러리' }).click()
  const notice = page.locator('.download-row').getByRole('alert')
  await expect(notice).toContainText('디스크 공간이 부족합니다.')
  await expect(notice).toContainText('라이브러리에서 쓰지 않는 모델 삭제')
  await expect(notice.locator('[lang="en"]')).toContainText('Not enough disk: 10.0 TB needed')
  expect(fake.bytesServed()).toBe(0)
})

test('a model too big for this machine is refused in Korean with its reasons, and Load anyway starts the load', { tag: '@hub' }, async ({ page }) => {
  // Two harness round trips through node-llama-cpp (the refusal reads the header, the forced load opens the file).
  test.setTimeout(120_000)
  // EXAONE 4.0 32B's header, its 64 layers eight times as wide and in F32: about 860 GB of weights, left out of the file.
  const header = layoutGguf(exaoneModelSpec('exaone4', { shape: { ...EXAONE_4_0_32B_SHAPE, ffn: 8 * EXAONE_4_0_32B_SHAPE.ffn, vocab: 384 }, weightType: 'F32', name: 'EXAONE 4.0 32B' })).header
  await startWithHub([{ repo: 'LGAI-EXAONE/EXAONE-4.0-32B-GGUF', commit: 'e'.repeat(40), files: [{ name: 'EXAONE-4.0-32B-Q4_K_M.gguf', data: header }] }])
  await openInKorean(page, 'models')
  await page.locator('button[data-model="exaone-4.0-32b"][data-quant="Q4_K_M"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '동의하고 다운로드' }).click()
  await expect.poll(async () => page.evaluate(() => window.exaone?.invoke('library:list', {}))).toMatchObject({ value: { installed: [{ modelId: 'exaone-4.0-32b' }] } })

  await page.getByRole('link', { name: '채팅' }).click()
  await page.locator('.model-picker__select').selectOption('exaone-4.0-32b:Q4_K_M')
  const notice = page.locator('.chat-view__error [role="alert"]')
  // The first load imports node-llama-cpp to read the header: seconds on a busy machine.
  await expect(notice).toContainText('이 모델은 이 컴퓨터의 메모리에 들어가지 않습니다.', { timeout: 60_000 })
  await expect(notice.locator('.notice__reasons li').first()).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('wont-fit-ko.png') })

  // The engine's states as it announces them: Load anyway must reach "loading" (the host watches its memory there).
  await page.evaluate(() => {
    const seen: string[] = []
    Object.assign(window, { engineStates: seen })
    window.exaone?.on('engine:state', (state) => seen.push(state.status))
  })
  await notice.getByRole('button', { name: '그래도 불러오기(매우 느리거나 실패할 수 있음)' }).click()
  await expect.poll(() => page.evaluate(() => (window as unknown as { engineStates: string[] }).engineStates), { timeout: 60_000 }).toContain('loading')
  // The weights are not in the file, so the load stops there: said in Korean, with what to do, no longer "will not fit".
  await expect(notice).toHaveAttribute('data-code', 'bad-model', { timeout: 60_000 })
  await expect(notice).toContainText('모델 파일을 사용할 수 없습니다.')
  await expect(notice).toContainText('다시 다운로드하세요')
  await page.screenshot({ path: test.info().outputPath('load-anyway-ko.png') })
})
