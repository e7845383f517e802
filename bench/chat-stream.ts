/**
 * The chat window while a long answer streams at full speed: a 4,000-token answer from the generated tiny model
 * (about 1,000 tokens/s here, faster than any real model on this machine), in Chromium through the browser
 * harness. Records the longest main-thread task (PerformanceObserver 'longtask') and the page's scripting time
 * per 1,000 tokens (CDP Performance.getMetrics ScriptDuration), against the same page idle for as long. Then the
 * same while a model with EXAONE-4.0-1.2B's shape (Q8_0) generates at the app's default threads (one per physical
 * core, the worker below normal priority): llama.cpp keeps every core busy, and the window must stay smooth.
 * A longest task of 0 means none reached 50 ms, the long-task API's threshold; the longest gap between two
 * animation frames (requestAnimationFrame, 16.7 ms at 60 Hz when nothing blocks) gives the figure below it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import { startHarnessProcess } from '../test/helpers/harness-process'
import type { ExaoneBridge } from '../src/shared/contract'
import type { Figure } from './figure'

/** The page's globals, as the functions passed to page.evaluate see them (this file is type-checked for Node). */
type PageGlobals = { exaone: ExaoneBridge; __longTasks: number[]; __frames: { last: number; longestGap: number; on: boolean } }

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const answerTokens = 4000
const heavyAnswerTokens = 48

export async function benchChatStream(): Promise<Figure[]> {
  const home = mkdtempSync(join(tmpdir(), 'bench-chat-'))
  const harness = await startHarnessProcess(home)
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs })
  try {
    // Weights seed 2: greedy decoding on it runs the full 4,000 tokens without writing an end of turn.
    const model = await writeTinyExaone4(join(home, 'tiny-exaone4.gguf'), { seed: 2 })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${harness.url}#/chat`)
    await page.locator('.status-bar [role="meter"]').waitFor()
    await page.evaluate(async (path) => (globalThis as unknown as PageGlobals).exaone.invoke('engine:load', { path, contextSize: 4096 }), model.path)
    await page.getByRole('button', { name: 'New chat' }).first().click()
    const chatId = await page.evaluate(async () => {
      const list = await (globalThis as unknown as PageGlobals).exaone.invoke('chats:list', {})
      return list?.ok ? list.value[0]?.id : undefined
    })
    // The backend reads the chat's settings from disk when it answers, so setting them here is enough.
    await page.evaluate(
      async ({ id, maxTokens }) => (globalThis as unknown as PageGlobals).exaone.invoke('chats:update-settings', { chatId: id as string, settings: { sampling: { maxTokens, seed: 3, temperature: 0 } } }),
      { id: chatId, maxTokens: answerTokens }
    )

    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const idle = await measure(page, cdp, async () => new Promise((resolve) => setTimeout(resolve, 3000)))
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('Write a very long answer.')
    const streaming = await measure(page, cdp, async () => {
      await box.press('Enter')
      await page.locator('article.message--assistant .message__stats').waitFor({ timeout: 120_000 })
    })
    const tokens = Number((await page.locator('article.message--assistant .message__stats').textContent())?.match(/[\d,]+/)?.[0]?.replace(/,/g, '') ?? 0)

    const heavy = await writeTinyExaone4(join(home, 'exaone4-1.2b-shape-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
    await page.evaluate(async (path) => (globalThis as unknown as PageGlobals).exaone.invoke('engine:load', { path, contextSize: 2048 }), heavy.path)
    await page.evaluate(
      async ({ id, maxTokens }) => (globalThis as unknown as PageGlobals).exaone.invoke('chats:update-settings', { chatId: id as string, settings: { sampling: { maxTokens, seed: 3, temperature: 0 } } }),
      { id: chatId, maxTokens: heavyAnswerTokens }
    )
    await box.fill('Explain in a few sentences why the sky is blue.')
    const generating = await measure(page, cdp, async () => {
      await box.press('Enter')
      await page.locator('article.message--assistant .message__stats').nth(1).waitFor({ timeout: 300_000 })
    })
    const scriptPer1000 = (streaming.scriptMs / Math.max(1, tokens)) * 1000
    return [
      { name: 'chatStream.tokens', value: tokens, unit: 'tokens' },
      { name: 'chatStream.seconds', value: streaming.wallMs / 1000, unit: 's' },
      { name: 'chatStream.longestTaskMs', value: streaming.longestTaskMs, unit: 'ms' },
      { name: 'chatStream.longTasksOver50ms', value: streaming.longTasks, unit: 'tasks' },
      { name: 'chatStream.longestFrameGapMs', value: streaming.longestFrameGapMs, unit: 'ms' },
      { name: 'chatStream.scriptMsPer1000Tokens', value: scriptPer1000, unit: 'ms' },
      { name: 'chatStream.idleScriptMsPerSecond', value: idle.scriptMs / (idle.wallMs / 1000), unit: 'ms' },
      { name: 'chatStream.streamingScriptMsPerSecond', value: streaming.scriptMs / (streaming.wallMs / 1000), unit: 'ms', baseline: 'chatStream.idleScriptMsPerSecond' },
      { name: 'chatStream.idleLongestTaskMs', value: idle.longestTaskMs, unit: 'ms' },
      { name: 'chatStream.longestTaskWhileGeneratingMs', value: generating.longestTaskMs, unit: 'ms', baseline: 'chatStream.idleLongestTaskMs' },
      { name: 'chatStream.idleLongestFrameGapMs', value: idle.longestFrameGapMs, unit: 'ms' },
      { name: 'chatStream.longestFrameGapWhileGeneratingMs', value: generating.longestFrameGapMs, unit: 'ms', baseline: 'chatStream.idleLongestFrameGapMs' },
      { name: 'chatStream.secondsGenerating1.2BShape', value: generating.wallMs / 1000, unit: 's' }
    ]
  } finally {
    await browser.close()
    harness.process.kill('SIGTERM')
    rmSync(home, { recursive: true, force: true })
  }
}

/** Runs in the page: the longest gap between two animation frames until `__frames.on` is false (a string, as tsx would wrap a named function in a helper the page lacks). */
const frameProbe = `{
  const frames = (globalThis.__frames = { last: 0, longestGap: 0, on: true })
  requestAnimationFrame(function frame(at) {
    if (frames.last > 0) frames.longestGap = Math.max(frames.longestGap, at - frames.last)
    frames.last = at
    if (frames.on) requestAnimationFrame(frame)
  })
}`

interface Measured {
  wallMs: number
  scriptMs: number
  longestTaskMs: number
  longTasks: number
  longestFrameGapMs: number
}

async function measure(page: Page, cdp: { send(method: 'Performance.getMetrics'): Promise<{ metrics: Array<{ name: string; value: number }> }> }, run: () => Promise<unknown>): Promise<Measured> {
  await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals
    globals.__longTasks = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) globals.__longTasks.push(entry.duration)
    }).observe({ entryTypes: ['longtask' as never] })
  })
  await page.evaluate(frameProbe)
  const script = async (): Promise<number> => ((await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000
  const startScript = await script()
  const started = performance.now()
  await run()
  const wallMs = performance.now() - started
  const scriptMs = (await script()) - startScript
  const { longTasks, longestFrameGapMs } = await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals
    globals.__frames.on = false
    return { longTasks: globals.__longTasks, longestFrameGapMs: globals.__frames.longestGap }
  })
  return { wallMs, scriptMs, longestTaskMs: Math.max(0, ...longTasks), longTasks: longTasks.length, longestFrameGapMs }
}

