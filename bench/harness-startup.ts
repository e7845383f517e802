/**
 * Harness startup, in Chromium on a freshly started `npm run web` server, against the same Chromium loading a plain
 * static page from a bare Node server in the same run (the floor any page pays):
 * - first paint (`harness.shellVsPlainPage`, the figure): each page's first contentful paint as Chromium times
 *   it from the navigation's start; the shell's is its frame from index.html, before any script has run;
 * - ready (`harness.shellReadyVsPlainPage`): from navigation to the status bar's RAM meter, which needs the first
 *   chunk run, React's first render and the backend's first answers, against the plain page's text found;
 * - the server's start (spawn to its URL printed) and the size of the renderer's first chunk (the scripts
 *   out/renderer/index.html loads before React can render).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { firstChunkFiles } from '../test/helpers/first-chunk'
import { startHarnessProcess, stopProcess } from '../test/helpers/harness-process'
import { type Figure, interquartileMean, median } from './figure'

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/**
 * Fifteen rounds: both first paints fall on frame boundaries (56-100 ms), so five rounds' medians moved by a frame
 * (1.31-1.79x), and fifteen rounds' still jump between frames (1.33 and 1.50 on two days): the paints are compared
 * by the mean of their middle half, which falls between frames where the rounds do.
 */
export async function benchHarnessStartup(rounds = 15): Promise<Figure[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs })
  const plain = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p id="ready">ready</p>'))
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`

  const serverStart: number[] = []
  const shellReady: number[] = []
  const plainReady: number[] = []
  const shellPaint: number[] = []
  const plainPaint: number[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      const home = mkdtempSync(join(tmpdir(), 'exaone-bench-'))
      const started = performance.now()
      const harness = await startHarnessProcess(home)
      serverStart.push(performance.now() - started)
      const page = await browser.newPage()
      const navigated = performance.now()
      await page.goto(harness.url)
      await page.locator('.status-bar [role="meter"]').waitFor()
      shellReady.push(performance.now() - navigated)
      shellPaint.push(await firstContentfulPaint(page))
      await page.close()
      // Gone before the plain page is timed, so that one does not share the machine with the backend's shutdown.
      await stopProcess(harness.process)
      rmSync(home, { recursive: true, force: true })

      const basePage = await browser.newPage()
      const baseStart = performance.now()
      await basePage.goto(plainUrl)
      await basePage.locator('#ready').waitFor()
      plainReady.push(performance.now() - baseStart)
      plainPaint.push(await firstContentfulPaint(basePage))
      await basePage.close()
    }
  } finally {
    await browser.close()
    plain.close()
  }
  const firstChunkBytes = (await firstChunkFiles('out/renderer')).reduce((total, file) => total + Buffer.byteLength(file.text), 0)
  return [
    { name: 'harness.serverStartMs', value: median(serverStart), unit: 'ms' },
    { name: 'harness.shellFirstPaintMs', value: interquartileMean(shellPaint), unit: 'ms' },
    { name: 'harness.plainPageFirstPaintMs', value: interquartileMean(plainPaint), unit: 'ms' },
    { name: 'harness.shellVsPlainPage', value: interquartileMean(shellPaint) / interquartileMean(plainPaint), unit: 'x', baseline: 'harness.plainPageFirstPaintMs' },
    { name: 'harness.shellReadyMs', value: median(shellReady), unit: 'ms' },
    { name: 'harness.plainPageReadyMs', value: median(plainReady), unit: 'ms' },
    { name: 'harness.shellReadyVsPlainPage', value: median(shellReady) / median(plainReady), unit: 'x', baseline: 'harness.plainPageReadyMs' },
    { name: 'harness.firstChunkKB', value: firstChunkBytes / 1000, unit: 'kB' }
  ]
}

/** The page's first contentful paint, in ms from its navigation's start (Chromium's paint timing), once it is timed. */
function firstContentfulPaint(page: Page): Promise<number> {
  // A string, not a function: tsx would add its own helpers to a function's source, which the page does not have.
  return page.evaluate<number>(`new Promise((resolve) => new PerformanceObserver((list, observer) => {
    const entry = list.getEntriesByName('first-contentful-paint')[0]
    if (entry) {
      observer.disconnect()
      resolve(entry.startTime)
    }
  }).observe({ type: 'paint', buffered: true }))`)
}
