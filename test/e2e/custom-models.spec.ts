/**
 * A community EXAONE quantisation and a model of another family imported as a person would, by the typed path the
 * browser harness keeps (it has no native file dialog), and the proxy field in Settings: Chromium on the real backend.
 */
import { mkdtempSync, rmSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exaoneModelSpec } from '../fixtures/gguf/exaone-models'
import { gguf, writeGguf } from '../fixtures/gguf/writer'
import { closedPort } from '../helpers/closed-port'
import { writeFakeLlama } from '../helpers/fake-models'
import { expect, openApp, test } from './harness-fixture'

let files: string
test.beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'exaone-e2e-custom-'))
  const spec = exaoneModelSpec('exaone4', { weightType: 'Q8_0', name: 'Ko-Tune 1.2B' })
  // llama_ftype 12: a Q3_K_M file, a precision LG does not ship.
  await writeGguf(join(files, 'ko-tune.Q3_K_M.gguf'), { ...spec, metadata: { ...spec.metadata, 'general.file_type': gguf.u32(12) } })
  await writeFakeLlama(join(files, 'llama.gguf'))
  // The same header with 256 MB after it (sparse: quick to make), so that its import takes long enough to watch.
  await writeGguf(join(files, 'ko-tune-large.Q3_K_M.gguf'), { ...spec, metadata: { ...spec.metadata, 'general.name': gguf.str('Ko-Tune Large'), 'general.file_type': gguf.u32(12) } })
  truncateSync(join(files, 'ko-tune-large.Q3_K_M.gguf'), 256 * 1024 * 1024)
  // And 2 GiB, so that an import runs for seconds: long enough to stop it.
  await writeGguf(join(files, 'ko-tune-huge.Q3_K_M.gguf'), { ...spec, metadata: { ...spec.metadata, 'general.name': gguf.str('Ko-Tune Huge'), 'general.file_type': gguf.u32(12) } })
  truncateSync(join(files, 'ko-tune-huge.Q3_K_M.gguf'), 2 * 1024 * 1024 * 1024)
})
test.afterAll(() => rmSync(files, { recursive: true, force: true }))

test('a community quantisation comes in as custom, with its precision and its fit; another family is refused in Korean', async ({ page, harness, consoleErrors }, testInfo) => {
  await openApp(page, harness, 'library')
  await page.getByRole('button', { name: 'Import a file…' }).click()
  const dialog = page.getByRole('dialog')
  // The harness has no native file dialog: the typed path is the way in.
  await expect(dialog.getByRole('button', { name: 'Choose…' })).toHaveCount(0)
  await dialog.getByLabel('Path of the .gguf file').fill(join(files, 'ko-tune.Q3_K_M.gguf'))
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog).toHaveCount(0)
  const row = page.getByRole('row', { name: /Ko-Tune 1\.2B/ })
  await expect(row).toContainText('Q3_K_M')
  await expect(row).toContainText('custom')
  await expect(row).toContainText('Not verifiable')
  // The fit advisor's verdict for this machine, from the file's own header.
  await expect(row.locator('.library-table__sub').first()).not.toBeEmpty()
  await page.screenshot({ path: testInfo.outputPath('custom-import.png'), fullPage: true })

  expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko' }))).toMatchObject({ ok: true })
  await page.getByRole('button', { name: '파일 가져오기…' }).click()
  await dialog.getByLabel('.gguf 파일 경로').fill(join(files, 'llama.gguf'))
  await dialog.getByRole('button', { name: '가져오기', exact: true }).click()
  const notice = dialog.getByRole('alert')
  await expect(notice).toContainText('이 파일은 EXAONE 모델이 아닙니다.')
  await expect(notice).toContainText('llama.gguf is a "llama" model, not EXAONE')
  await page.screenshot({ path: testInfo.outputPath('not-exaone-ko.png'), fullPage: true })
  expect(consoleErrors).toEqual([])
})

test('the proxy field refuses what is not a proxy, hides a saved password, and Test names a dead proxy', async ({ page, harness, consoleErrors }, testInfo) => {
  await openApp(page, harness, 'settings')
  const field = page.getByLabel('HTTPS proxy')
  await field.fill('proxy.example.com:8080')
  await field.press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: 'Enter http:// or https://, a host and a port' })).toBeVisible()

  const dead = (await closedPort()).replace('http://', 'http://alice:s3cret@')
  await field.fill(dead)
  await field.press('Enter')
  await expect(field).toHaveValue(dead.replace(':s3cret@', ':…@'))
  expect(await page.evaluate(() => window.exaone?.invoke('settings:get', {}))).toMatchObject({ ok: true, value: { proxy: dead } })

  await page.getByRole('button', { name: 'Test' }).click()
  const notice = page.getByRole('alert').filter({ hasText: 'Hugging Face could not be reached.' })
  await expect(notice).toContainText('through the proxy http://alice:…@127.0.0.1')
  await expect(notice).not.toContainText('s3cret')
  await page.screenshot({ path: testInfo.outputPath('proxy-dead.png'), fullPage: true })
  expect(consoleErrors).toEqual([])
})

test("an import shows its steps and how far each has got, in the dialog, until it is done", async ({ page, harness, consoleErrors }) => {
  // Every text the progress line shows, from the first DOM change on: the copy is over before a poll could catch each.
  await page.addInitScript(`(() => {
    const seen = []
    window.importSteps = seen
    new MutationObserver(() => {
      const text = document.querySelector('.file-progress__text span')?.textContent
      if (text && seen.at(-1) !== text) seen.push(text)
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })()`)
  await openApp(page, harness, 'library')
  await page.getByRole('button', { name: 'Import a file…' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Path of the .gguf file').fill(join(files, 'ko-tune-large.Q3_K_M.gguf'))
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('row', { name: /Ko-Tune Large/ })).toContainText('268 MB')
  expect(await page.evaluate('window.importSteps')).toEqual(['Copying…', 'Reading the copy back to verify it…'])
  expect(consoleErrors).toEqual([])
})

test('Stop ends an import under way: the dialog stays open until then, and nothing of it is left in the library', async ({ page, harness, consoleErrors }) => {
  await openApp(page, harness, 'library')
  await page.getByRole('button', { name: 'Import a file…' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Path of the .gguf file').fill(join(files, 'ko-tune-huge.Q3_K_M.gguf'))
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  // Under way: Cancel has become Stop, and Escape does not hide the work.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(dialog.locator('.file-progress')).toBeVisible()
  await dialog.getByRole('button', { name: 'Stop' }).click()
  await expect(dialog).toHaveCount(0)
  const snapshot = await page.evaluate(() => window.exaone?.invoke('library:list', {}))
  expect(snapshot).toMatchObject({ ok: true, value: { installed: [], partialBytes: 0 } })
  await expect(page.getByRole('row', { name: /Ko-Tune Huge/ })).toHaveCount(0)
  expect(consoleErrors).toEqual([])
})
