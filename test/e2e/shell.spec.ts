import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openApp, test } from './harness-fixture'

const pagesEn = ['Chat', 'Models', 'Library', 'Hardware', 'Settings']
const pagesKo = ['채팅', '모델', '라이브러리', '하드웨어', '설정']

const savedSettings = async (home: string): Promise<Record<string, string>> => JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as Record<string, string>

test.describe('app shell in Chromium on the real backend', () => {
  test('a new user gets the first-run card, with no chat shown before it while the backend answers', async ({ page, harness }) => {
    // Records which of the two chat areas reached the page, in order, from the first DOM change on.
    await page.addInitScript(`(() => {
      const seen = []
      window.chatAreasSeen = seen
      new MutationObserver(() => {
        for (const name of ['chat-view', 'first-run']) if (!seen.includes(name) && document.querySelector('.' + name)) seen.push(name)
      }).observe(document, { subtree: true, childList: true })
    })()`)
    await openApp(page, harness)
    await expect(page.locator('.first-run__card')).toBeVisible()
    expect(await page.evaluate('window.chatAreasSeen')).toEqual(['first-run'])
  })

  test("paints the window's frame before any script runs, where the app then renders it", async ({ browser, page, harness, consoleErrors }) => {
    // What index.html alone shows (its stylesheet inlined by the build), in both themes: no script runs.
    const frame = ['.sidebar', '.sidebar__brand', '.content', '.status-bar']
    const boxes = (target: Page): Promise<unknown[]> => Promise.all(frame.map(async (selector) => await target.locator(selector).boundingBox()))
    const background = (target: Page): Promise<string> => target.evaluate<string>('getComputedStyle(document.body).backgroundColor')
    const brand = (target: Page): Promise<string> => target.locator('.sidebar__brand').evaluate((element) => element.outerHTML)
    let staticBoxes: unknown[] = []
    let staticBrand = ''
    const staticBackground: Record<string, string> = {}
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, colorScheme })
      const still = await context.newPage()
      await still.goto(harness.url)
      await expect(still.locator('.sidebar__title')).toHaveText('EXAONE Desktop')
      staticBackground[colorScheme] = await background(still)
      staticBoxes = await boxes(still)
      staticBrand = await brand(still)
      await still.screenshot({ path: test.info().outputPath(`frame-before-scripts-${colorScheme}.png`) })
      await context.close()
    }
    // The app's own render puts the same frame in the same place: nothing jumps when it replaces the static one.
    await openApp(page, harness)
    await expect(page.locator('#root > .app')).toHaveCount(1)
    expect(await boxes(page)).toEqual(staticBoxes)
    expect(await brand(page)).toBe(staticBrand)
    expect(await background(page)).toBe(staticBackground.light)
    expect(staticBackground.dark).not.toBe(staticBackground.light)
    expect(consoleErrors).toEqual([])
  })

  test('shows the sidebar, the status bar and the chat page in English', async ({ page, harness, consoleErrors }) => {
    await openApp(page, harness)
    const nav = page.getByRole('navigation', { name: 'Main' })
    for (const name of pagesEn) await expect(nav.getByRole('link', { name })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Chat', level: 1 })).toBeAttached()
    await expect(page.getByRole('button', { name: 'New chat', exact: true })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page).not.toHaveURL(/token=/)
    await page.screenshot({ path: test.info().outputPath('chat-en-light.png') })
    expect(consoleErrors).toEqual([])
  })

  test('follows a Korean system language', async ({ browser, harness }) => {
    const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'dark' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    await openApp(page, harness)
    const nav = page.getByRole('navigation', { name: '주 메뉴' })
    for (const name of pagesKo) await expect(nav.getByRole('link', { name })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
    await page.screenshot({ path: test.info().outputPath('chat-ko-dark.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  test('navigates between pages by link and keeps the page across a reload', async ({ page, harness, consoleErrors }) => {
    await openApp(page, harness)
    await page.getByRole('link', { name: 'Hardware' }).click()
    await expect(page.getByRole('heading', { name: 'Hardware', level: 1 })).toBeVisible()
    await expect(page.getByText('Processor', { exact: true })).toBeVisible()
    await page.reload()
    await expect(page.getByRole('heading', { name: 'Hardware', level: 1 })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Hardware' })).toHaveAttribute('aria-current', 'page')
    expect(consoleErrors).toEqual([])
  })

  test('a collapsed sidebar stays collapsed through a reload, from the frame painted before any script on', async ({ browser, page, harness, consoleErrors }) => {
    await openApp(page, harness)
    const nav = page.getByRole('navigation', { name: 'Main' })
    await page.getByRole('button', { name: 'Collapse sidebar' }).click()
    await expect(page.locator('html')).toHaveAttribute('data-sidebar', 'collapsed')
    // Its width eases in (120 ms).
    const width = (): Promise<number | undefined> => nav.boundingBox().then((box) => box?.width)
    await expect.poll(width).toBe(60)
    // Icons only, each link still named for screen readers and in its tooltip.
    for (const name of pagesEn) await expect(nav.getByRole('link', { name })).toHaveAttribute('title', name)
    await expect(page.locator('.sidebar__title')).toHaveCount(0)
    await page.screenshot({ path: test.info().outputPath('sidebar-collapsed.png') })
    await expect.poll(async () => (await savedSettings(harness.home)).sidebar).toBe('collapsed')

    const still = await browser.newContext({ javaScriptEnabled: false })
    const frame = await still.newPage()
    await frame.goto(harness.url)
    expect((await frame.locator('.sidebar').boundingBox())?.width).toBe(60)
    await expect(frame.locator('.sidebar__title')).toBeHidden()
    await frame.screenshot({ path: test.info().outputPath('frame-before-scripts-sidebar-collapsed.png') })
    await still.close()

    await page.reload()
    await expect(page.getByRole('button', { name: 'Expand sidebar' })).toBeVisible()
    expect(await width()).toBe(60)
    await page.getByRole('button', { name: 'Expand sidebar' }).click()
    await expect(page.locator('html')).not.toHaveAttribute('data-sidebar', /./)
    await expect(page.locator('.sidebar__title')).toHaveText('EXAONE Desktop')
    await expect.poll(async () => (await savedSettings(harness.home)).sidebar).toBe('expanded')
    expect(consoleErrors).toEqual([])
  })

  test('every sidebar link is reachable by keyboard with a visible focus ring', async ({ page, harness }) => {
    await openApp(page, harness, 'settings')
    await page.keyboard.press('Tab')
    const focused = page.locator(':focus')
    await expect(focused).toHaveText('Chat')
    const outline = await focused.evaluate((element) => getComputedStyle(element).outlineStyle)
    expect(outline).not.toBe('none')
  })
})

test.describe('settings through the contract', () => {
  test('language and theme change at once, persist in settings.json and survive a reload', async ({ page, harness }) => {
    await openApp(page, harness, 'settings')
    await page.getByLabel('Language').selectOption('ko')
    await expect(page.getByRole('heading', { name: '설정', level: 1 })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
    await page.getByLabel('테마').selectOption('dark')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.screenshot({ path: test.info().outputPath('settings-ko-dark.png') })

    const saved = await savedSettings(harness.home)
    expect(saved).toMatchObject({ locale: 'ko', theme: 'dark' })

    await page.reload()
    await expect(page.getByRole('heading', { name: '설정', level: 1 })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')

    // The page itself now comes in them: on a light system, the frame painted before any script runs is dark
    // and Korean, where it used to paint light and turn dark once the settings arrived.
    const still = await page.context().browser()!.newContext({ javaScriptEnabled: false, colorScheme: 'light' })
    const frame = await still.newPage()
    await frame.goto(harness.url)
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect(frame.locator('html')).toHaveAttribute('lang', 'ko')
    expect(await frame.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor'))
    await frame.screenshot({ path: test.info().outputPath('frame-before-scripts-chosen-dark.png') })
    await still.close()

    // With scripts, from the first DOM change to the app's last: never the system's light theme, English words or an
    // English <html lang>, not even for the moment before the settings reach the window.
    const live = await page.context().browser()!.newContext({ colorScheme: 'light', locale: 'en-US' })
    const watched = await live.newPage()
    await watched.addInitScript(`(() => {
      const seen = []
      window.pageStates = seen
      const note = () => {
        const nav = document.querySelector('.sidebar__item')
        const state = [document.documentElement.dataset.theme ?? 'system', document.documentElement.lang, nav ? nav.textContent : '-'].join(' ')
        if (seen[seen.length - 1] !== state) seen.push(state)
      }
      new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    })()`)
    await openApp(watched, harness)
    await expect(watched.getByRole('link', { name: '채팅' })).toBeVisible()
    expect(await watched.evaluate('window.pageStates')).toEqual(['dark ko -', 'dark ko 채팅'])
    await live.close()

    await page.getByLabel('언어').selectOption('system')
    await page.getByLabel('Theme').selectOption('system')
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
  })

  test('a change made in one tab reaches another tab through the settings:changed event', async ({ context, harness }) => {
    const first = await context.newPage()
    const second = await context.newPage()
    await openApp(first, harness, 'settings')
    await openApp(second, harness, 'hardware')
    await first.getByLabel('Language').selectOption('ko')
    await expect(second.getByRole('heading', { name: '하드웨어', level: 1 })).toBeVisible()
    await first.getByLabel('언어').selectOption('en')
    await expect(second.getByRole('heading', { name: 'Hardware', level: 1 })).toBeVisible()
  })
})
