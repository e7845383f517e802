/**
 * The chat window in Chromium on the real backend, with llama.cpp generating for real on a generated tiny
 * EXAONE 4.0 model (random weights: the words are noise, the streaming, storage and controls are real).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'
import { expect, openApp, stopHarness, test } from './harness-fixture'

let modelPath: string
let modelDir: string

test.beforeAll(async () => {
  modelDir = mkdtempSync(join(tmpdir(), 'exaone-e2e-model-'))
  // Weights seed 2: greedy decoding runs to the token limit without an end of turn, so long answers stay long.
  modelPath = (await writeTinyExaone4(join(modelDir, 'tiny-exaone4.gguf'), { seed: 2 })).path
})

test.afterAll(() => rmSync(modelDir, { recursive: true, force: true }))

/**
 * Opens the app, loads the model, starts a chat answering greedily with seed 7 and at most `maxTokens`, and
 * returns its message box.
 */
async function startChat(page: Page, harness: RunningHarness, maxTokens: number): Promise<Locator> {
  await openApp(page, harness)
  const reply = await page.evaluate((path) => window.exaone?.invoke('engine:load', { path, contextSize: 2048 }), modelPath)
  expect(reply).toMatchObject({ ok: true })
  await expect(page.locator('.status-bar__model--ready')).toBeVisible()
  await page.getByRole('button', { name: 'New chat' }).first().click()
  const box = page.getByRole('textbox', { name: 'Message' })
  await expect(box).toBeFocused()
  await page.getByRole('button', { name: 'Chat settings' }).click()
  const field = page.getByLabel('Max answer tokens')
  await field.fill(String(maxTokens))
  await field.blur()
  await page.getByLabel('Seed').fill('7')
  await page.getByLabel('Seed').blur()
  await page.getByLabel('Temperature').fill('0')
  await page.getByLabel('Temperature').blur()
  await page.getByRole('button', { name: 'Close settings' }).click()
  return box
}

async function send(box: Locator, text: string): Promise<void> {
  await box.fill(text)
  await box.press('Enter')
}

const answers = (page: Page) => page.locator('article.message--assistant')

/** The answer text the backend has saved in the data folder's conversations so far (its `delta` lines). */
async function savedAnswerText(home: string): Promise<string> {
  const folder = join(home, 'chats')
  const names = (await readdir(folder).catch(() => [])).filter((name) => name.endsWith('.jsonl'))
  const lines = (await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')))).join('\n').split('\n')
  return lines
    .filter((line) => line.includes('"type":"delta"'))
    .map((line) => {
      try {
        return (JSON.parse(line) as { text?: string }).text ?? ''
      } catch {
        return '' // a line still being written
      }
    })
    .join('')
}

test.describe('chat on a real (tiny) model', () => {
  test('send streams an answer with its figures; regenerate keeps the first as an alternative; the chat survives a reload', async ({ page, harness, consoleErrors }) => {
    const box = await startChat(page, harness, 24)
    await send(box, 'Hello there')
    await expect(page.locator('article.message--user')).toHaveText(/Hello there/)
    await expect(answers(page).locator('.message__stats')).toContainText(/tokens · .* tok\/s · first token/, { timeout: 30_000 })
    await expect(page.getByRole('heading', { name: 'Hello there', level: 2 })).toBeVisible()
    // Markdown loads with the first answer (its own chunk) and replaces the plain text shown until then.
    await expect(answers(page).locator('div.markdown__block').first()).toBeVisible()
    await expect(answers(page).locator('.markdown__plain')).toHaveCount(0)
    await expect(page.locator('.context-meter')).toContainText(/of 2,048 tokens/)

    await answers(page).hover()
    await page.getByRole('button', { name: 'Regenerate' }).click()
    await expect(page.getByText('Answer 2 of 2')).toBeVisible({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Previous answer' }).click()
    await expect(page.getByText('Answer 1 of 2')).toBeVisible()

    await page.reload()
    await expect(page.getByRole('button', { name: /Hello there/ })).toBeVisible()
    await page.getByRole('button', { name: /Hello there/ }).click()
    await expect(page.locator('article.message--user')).toHaveText(/Hello there/)
    await expect(page.getByText('Answer 2 of 2')).toBeVisible()
    expect(consoleErrors).toEqual([])
  })

  test('Esc stops a long answer, which is kept and marked stopped', async ({ page, harness }) => {
    const box = await startChat(page, harness, 4000)
    await send(box, 'Tell me everything')
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible()
    await expect(answers(page).locator('.markdown')).not.toBeEmpty({ timeout: 30_000 })
    await box.press('Escape')
    await expect(answers(page).getByText('Stopped.')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible()
  })

  test('editing a sent message answers it again and keeps the old answer', async ({ page, harness }) => {
    const box = await startChat(page, harness, 12)
    await send(box, 'First version')
    await expect(answers(page).locator('.message__stats')).toBeVisible({ timeout: 30_000 })
    await page.locator('article.message--user').hover()
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByRole('textbox', { name: 'Edit' }).fill('Second version')
    await page.getByRole('button', { name: 'Send again' }).click()
    await expect(page.locator('article.message--user')).toHaveText(/Second version/)
    await expect(page.getByText('Answer 2 of 2')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 30_000 })
  })

  test('the reasoning switch is stored with the chat, and chats switch with their own history', async ({ page, harness }) => {
    const box = await startChat(page, harness, 8)
    const reasoning = page.getByRole('switch', { name: 'Reasoning' })
    await reasoning.check()
    await send(box, 'Think about it')
    await expect(answers(page).locator('.message__stats')).toBeVisible({ timeout: 30_000 })

    await page.getByRole('button', { name: 'New chat' }).first().click()
    await expect(page.locator('article.message')).toHaveCount(0)
    await expect(reasoning).not.toBeChecked()
    await page.getByRole('button', { name: /Think about it/ }).click()
    await expect(page.locator('article.message--user')).toHaveText(/Think about it/)
    await expect(reasoning).toBeChecked()
  })

  test('Korean: Enter that ends an IME composition never sends; Enter after it does', async ({ page, harness }) => {
    const box = await startChat(page, harness, 8)
    await box.focus()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Input.imeSetComposition', { text: '안녕', selectionStart: 2, selectionEnd: 2 })
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await cdp.send('Input.insertText', { text: '안녕하세요' })
    await expect(page.locator('article.message')).toHaveCount(0)
    await expect(box).toHaveValue('안녕하세요')
    await box.press('Enter')
    await expect(page.locator('article.message--user')).toHaveText('안녕하세요')
  })
})

test('a kill -9 of the backend mid-answer keeps the conversation, with the partial answer marked interrupted', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'exaone-e2e-kill-'))
  let first: RunningHarness | null = null
  try {
    first = await startHarnessProcess(home)
    const box = await startChat(page, first, 4000)
    await send(box, 'A long story please')
    await expect(answers(page).locator('.markdown')).not.toBeEmpty({ timeout: 30_000 })
    // The answer is written to disk about once a second while it streams: kill once some of its text is there.
    await expect.poll(() => savedAnswerText(home), { timeout: 30_000 }).not.toBe('')
    first.process.kill('SIGKILL')

    const second = await startHarnessProcess(home)
    try {
      await openApp(page, second)
      await page.getByRole('button', { name: /A long story please/ }).click()
      await expect(page.locator('article.message--user')).toHaveText(/A long story please/)
      await expect(answers(page).getByText(/Interrupted/)).toBeVisible()
      await expect(answers(page).locator('.markdown')).not.toBeEmpty()
    } finally {
      await stopHarness(second)
    }
  } finally {
    if (first) await stopHarness(first)
    rmSync(home, { recursive: true, force: true })
  }
})
