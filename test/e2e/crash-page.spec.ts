/**
 * The page Electron shows when the window's page keeps crashing (src/main/lifecycle.ts), in Chromium from the
 * harness, which serves the same built renderer: its text in English and Korean (the system's, or the one chosen in
 * Settings), Copy details onto the clipboard, Reload back to the app.
 */
import { expect, test } from './harness-fixture'

const details = "The window's page stopped (oom, exit code 133) 3 times within a minute."
const crashPage = (harnessUrl: string): string => `${new URL('crashed.html', harnessUrl).origin}/crashed.html?details=${encodeURIComponent(details)}`

test.describe('crash page', () => {
  test('says what happened, copies the details and reloads the app', async ({ page, context, harness, consoleErrors }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(crashPage(harness.url))
    await expect(page.getByRole('heading', { name: 'The window keeps stopping' })).toBeVisible()
    await expect(page.locator('#details')).toHaveText(details)

    await page.getByRole('button', { name: 'Copy details' }).click()
    await expect(page.getByRole('status')).toHaveText('Copied.')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(details)

    await page.getByRole('button', { name: 'Reload' }).click()
    await expect(page).toHaveURL(/\/index\.html$/)
    expect(consoleErrors.filter((error) => /Content Security Policy/.test(error))).toEqual([])
  })

  test.describe('in Korean', () => {
    test.use({ locale: 'ko-KR' })

    test('follows the system language', async ({ page, harness }) => {
      await page.goto(crashPage(harness.url))
      await expect(page.getByRole('heading', { name: '창이 계속 멈춥니다' })).toBeVisible()
      await expect(page.getByRole('button', { name: '새로 고침' })).toBeVisible()
      await expect(page.getByRole('button', { name: '자세한 내용 복사' })).toBeVisible()
    })
  })

  test('follows the language chosen in Settings over the system’s, as the app’s page does', async ({ page, harness }) => {
    await page.goto(harness.url)
    expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko', theme: 'dark' }))).toMatchObject({ ok: true })
    await page.goto(crashPage(harness.url))
    await expect(page.getByRole('heading', { name: '창이 계속 멈춥니다' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.screenshot({ path: test.info().outputPath('crash-page-ko-dark.png') })
  })
})
