/**
 * `electron-vite build` really produces what Electron needs: a CommonJS preload for sandbox: true, a valid main, and
 * a renderer whose first chunk leaves Markdown and highlighting to a chunk loaded with the first answer, and every
 * page but the chat page to chunks of their own (docs/performance.md).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { pageContentSecurityPolicy } from '../../src/shared/content-security-policy'
import { firstChunkFiles } from '../helpers/first-chunk'

const run = promisify(execFile)
let outDir: string

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'exaone-build-'))
  await run(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', outDir, '--logLevel', 'error'], { timeout: 120_000 })
}, 180_000)

describe('electron-vite build output', () => {
  it('writes the preload as one CommonJS file that requires nothing but electron', async () => {
    expect(await readdir(join(outDir, 'preload'))).toEqual(['index.cjs'])
    const preload = await readFile(join(outDir, 'preload', 'index.cjs'), 'utf8')
    expect(preload).toMatch(/require\(["']electron["']\)/)
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/^\s*import\s/m)
    // It runs before the page; checking names needs the contract's names (contract-names.ts), not its schemas.
    expect(preload).not.toContain('ZodError')
    await expect(run(process.execPath, ['--check', join(outDir, 'preload', 'index.cjs')])).resolves.toBeDefined()
  })

  it('writes a main bundle and the worker entries (inference, hardware probe) that pass node --check', async () => {
    for (const entry of ['index.js', 'inference-worker.js', 'hardware-probe.js', 'cli.js']) {
      await expect(run(process.execPath, ['--check', join(outDir, 'main', entry)])).resolves.toBeDefined()
    }
  })

  it('writes the renderer with the CSP in its page', async () => {
    const html = await readFile(join(outDir, 'renderer', 'index.html'), 'utf8')
    expect(html).toMatch(/Content-Security-Policy/)
    expect(html).toMatch(/script-src 'self'/)
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
  })

  it('injects the one CSP (src/shared) into both pages, the crash page too', async () => {
    for (const page of ['index.html', 'crashed.html']) {
      const html = await readFile(join(outDir, 'renderer', page), 'utf8')
      expect(html, page).toMatch(/<style>/)
      // The policy allows the page's own <style> elements by hash, with no 'unsafe-inline'.
      expect(html, page).toContain(`<meta http-equiv="Content-Security-Policy" content="${await pageContentSecurityPolicy(html, 'meta')}" />`)
      expect(html, page).not.toContain('unsafe-inline')
      expect(html.indexOf('Content-Security-Policy'), page).toBeLessThan(html.indexOf('<script'))
    }
  })

  it("inlines the first screen's stylesheet into index.html, beside the static frame it paints before any script", async () => {
    const html = await readFile(join(outDir, 'renderer', 'index.html'), 'utf8')
    expect(html).not.toMatch(/<link rel="stylesheet"/)
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    for (const rule of ['.sidebar{', '.status-bar{', '.download-row{', '--bg:']) expect(style, rule).toContain(rule)
    expect(html).toMatch(/<div id="root"><div class="app"><nav class="sidebar">[\s\S]*<span class="sidebar__title">EXAONE Desktop<\/span>/)
    // What is left in assets/ is the lazily loaded pages' own: each listed by the chunk that loads it.
    const assets = await readdir(join(outDir, 'renderer', 'assets'))
    const scripts = (await Promise.all(assets.filter((name) => name.endsWith('.js')).map((name) => readFile(join(outDir, 'renderer', 'assets', name), 'utf8')))).join('\n')
    for (const sheet of assets.filter((name) => name.endsWith('.css'))) expect(scripts, sheet).toContain(sheet)
  })

  it("leaves markdown-it, highlight.js and zod out of the renderer's first chunk, each in one chunk", async () => {
    // Strings of their own code that minification keeps: markdown-it's input check, highlight.js's API, zod's error
    // class. zod is for the pages' forms; building every schema took about 100 ms of the window's start.
    const markers = { 'markdown-it': 'Input data should be a String', 'highlight.js': 'highlightAuto', zod: 'ZodError' }
    const first = await firstChunkFiles(join(outDir, 'renderer'))
    const assets = await Promise.all((await readdir(join(outDir, 'renderer', 'assets'))).filter((name) => name.endsWith('.js')).map((name) => readFile(join(outDir, 'renderer', 'assets', name), 'utf8')))
    for (const [library, marker] of Object.entries(markers)) {
      expect(first.filter((file) => file.text.includes(marker)).map((file) => file.path), library).toEqual([])
      expect(assets.filter((text) => text.includes(marker)), library).toHaveLength(1)
    }
  })

  it("starts the window with three scripts rather than eight, and the crash page with none of the app's", async () => {
    // A script the page fetches before its first render cost the first paint about 3 ms each (docs/performance.md):
    // the app's modules come as one chunk, beside the one it shares with the crash page (its language and theme) and
    // Rolldown's runtime, rather than as the eight chunks Rolldown made of them on its own.
    const first = await firstChunkFiles(join(outDir, 'renderer'))
    expect(first.map((file) => file.path.replace(/-[\w-]{8}\.js$/, ''))).toEqual(['./assets/rolldown-runtime', './assets/shared', './assets/app'])
    // The crash page is shown when the app's page keeps crashing: what it loads must not start the app again.
    const crashed = await readFile(join(outDir, 'renderer', 'crashed.html'), 'utf8')
    const loaded = await staticImports(join(outDir, 'renderer'), [...crashed.matchAll(/<script type="module"[^>]*\ssrc="\.\/([^"]+)"/g)].map((match) => match[1] as string))
    expect(loaded.length).toBeGreaterThan(0)
    for (const [file, text] of loaded) expect(text, file).not.toContain('sidebar__brand')
  })

  it("keeps the other pages out of the first chunk, and the first chunk under 380 kB (it was 498 kB before they were split off)", async () => {
    const first = await firstChunkFiles(join(outDir, 'renderer'))
    const assets = await readdir(join(outDir, 'renderer', 'assets'))
    for (const page of ['ModelsPage', 'LibraryPage', 'HardwarePage', 'SettingsPage']) {
      expect(assets.filter((name) => name.startsWith(`${page}-`) && name.endsWith('.js')), page).toHaveLength(1)
      expect(first.map((file) => file.path).filter((path) => path.includes(page)), page).toEqual([])
    }
    // react-dom and every page's messages in both languages (one catalogue) are most of what is left: 448 kB when the
    // pages were split off, 479 kB once remote engines, the cloud plan and the custom machine added theirs, 368 kB
    // once zod left.
    const bytes = first.reduce((total, file) => total + Buffer.byteLength(file.text), 0)
    expect(bytes).toBeLessThan(380_000)
  })
})

/** The scripts that these files of a built renderer load before they run, these included, by their path in it. */
async function staticImports(rendererDir: string, files: string[]): Promise<Array<[string, string]>> {
  const loaded = new Map<string, string>()
  const visit = async (file: string): Promise<void> => {
    if (loaded.has(file)) return
    const text = await readFile(join(rendererDir, file), 'utf8')
    loaded.set(file, text)
    for (const match of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) await visit(join(dirname(file), match[1] as string))
  }
  for (const file of files) await visit(file)
  return [...loaded]
}
