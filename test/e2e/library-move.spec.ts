/**
 * Moving the models folder to another volume, in Chromium on the real backend. The other volume is /dev/shm (a
 * tmpfs: the copy, check and delete of a real cross-volume move); where it is missing or small, as in some
 * containers, the test is skipped and says so.
 */
import { mkdtempSync, rmSync, statfsSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exaoneModelSpec } from '../fixtures/gguf/exaone-models'
import { gguf, writeGguf } from '../fixtures/gguf/writer'
import { expect, openApp, test } from './harness-fixture'

const size = 1024 * 1024 * 1024
const otherVolume = '/dev/shm'
const room = ((): number => {
  try {
    const stats = statfsSync(otherVolume)
    return stats.bavail * stats.bsize
  } catch {
    return 0
  }
})()

let files: string
let target: string
test.beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'exaone-e2e-move-'))
  const spec = exaoneModelSpec('exaone4', { weightType: 'Q8_0', name: 'Ko-Tune Big' })
  // Sparse, so quick to make; imported, it is 1 GiB of real bytes, whose move takes long enough to watch.
  await writeGguf(join(files, 'ko-tune-big.Q3_K_M.gguf'), { ...spec, metadata: { ...spec.metadata, 'general.file_type': gguf.u32(12) } })
  truncateSync(join(files, 'ko-tune-big.Q3_K_M.gguf'), size)
})
test.afterAll(() => {
  rmSync(files, { recursive: true, force: true })
  if (target) rmSync(target, { recursive: true, force: true })
})

test('a move to another volume says on the page why Cancel waits, in both languages, and ends with the model there', async ({ page, harness, consoleErrors }, testInfo) => {
  test.skip(room < 3 * size, `${otherVolume} is missing or has under 3 GiB free: no second volume to move to here`)
  target = mkdtempSync(join(otherVolume, 'exaone-e2e-models-'))
  await openApp(page, harness, 'library')
  expect(await page.evaluate((path) => window.exaone?.invoke('library:import', { path }), join(files, 'ko-tune-big.Q3_K_M.gguf'))).toMatchObject({ ok: true })

  // There and back, so that each move crosses volumes (one on the same volume is a rename, done at once).
  const folders = { en: join(target, 'models'), ko: join(files, 'models') }
  for (const [locale, open, move, waits] of [
    ['en', 'Move folder…', 'Move', 'The move finishes first'],
    ['ko', '폴더 옮기기…', '옮기기', '옮기기가 먼저 끝나야 합니다']
  ] as const) {
    expect(await page.evaluate((value) => window.exaone?.invoke('settings:update', { locale: value }), locale)).toMatchObject({ ok: true })
    await page.getByRole('button', { name: open }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox').fill(folders[locale])
    await dialog.getByRole('button', { name: move, exact: true }).click()
    // Under way: Cancel is disabled and described by the reason, which is on the page, not only in a tooltip.
    const reason = dialog.getByText(waits)
    await expect(reason).toBeVisible()
    await expect(dialog.locator('button[aria-describedby]')).toBeDisabled()
    await page.screenshot({ path: testInfo.outputPath(`move-waits-${locale}.png`) })
    await expect(dialog).toHaveCount(0, { timeout: 60_000 })
  }
  const snapshot = await page.evaluate(() => window.exaone?.invoke('library:list', {}))
  expect(snapshot).toMatchObject({ ok: true, value: { folder: folders.ko, installed: [{ files: [{ name: 'ko-tune-big.Q3_K_M.gguf' }] }] } })
  expect(consoleErrors).toEqual([])
})
