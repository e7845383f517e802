import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { devServerContentSecurityPolicy, pageContentSecurityPolicy } from './src/shared/content-security-policy'

/**
 * Puts the app's one CSP (src/shared/content-security-policy.ts) into each page, right after <meta charset>:
 * before any script or style, which a CSP meta tag only governs when it comes first. It runs after the first
 * screen's stylesheet is inlined (listed after inlineFirstScreenStyles, both 'post'), so the policy names the
 * page's `<style>` elements as they are written out. Vite's dev server gets its own policy (it injects styles).
 */
export function contentSecurityPolicyMeta(): Plugin {
  const charset = /<meta charset=[^>]*>/i
  return {
    name: 'exaone-csp-meta',
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (!charset.test(html)) throw new Error(`${context.filename} needs <meta charset="UTF-8" /> in its <head>: the Content-Security-Policy meta tag goes right after it.`)
        const policy = context.server ? devServerContentSecurityPolicy : await pageContentSecurityPolicy(html, 'meta')
        return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`)
      }
    }
  }
}

/**
 * Puts the first screen's stylesheet into index.html as a <style>, so that the page paints its frame (index.html's
 * static shell) as soon as the HTML is parsed, not after a stylesheet request: in Chromium on the 2-core build
 * machine, the first paint came at about 300 ms with the linked sheet and about 90 ms inlined (docs/performance.md).
 * A sheet that a lazily loaded page also lists among its dependencies cannot be inlined (Vite's loader would add it
 * again as a <link>, a second copy later in the cascade), so the build stops and says where to import it instead.
 */
export function inlineFirstScreenStyles(): Plugin {
  const link = /<link rel="stylesheet"[^>]*\shref="\.?\/?(assets\/[^"]+\.css)"[^>]*>/g
  const inlined = new Set<string>()
  return {
    name: 'exaone-inline-first-screen-styles',
    buildStart: () => inlined.clear(),
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle
        if (!bundle || !context.filename.endsWith('index.html')) return html
        return html.replace(link, (_tag, fileName: string) => {
          const sheet = bundle[fileName]
          if (sheet?.type !== 'asset') throw new Error(`index.html links ${fileName}, which the build did not write.`)
          inlined.add(fileName)
          return `<style>${String(sheet.source)}</style>`
        })
      }
    },
    // After Vite has written each chunk's list of what its lazy imports load.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const fileName of inlined) {
          const user = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.code.includes(fileName.slice('assets/'.length)))
          if (user) {
            this.error(`${fileName} is a stylesheet of the first screen that ${user.fileName} also loads. Import its source once from src/renderer/src/main.tsx, not from the components that use it, so that it joins the first screen's stylesheet.`)
          }
          delete bundle[fileName]
        }
      }
    }
  }
}

/**
 * Puts the modules that index.html's entry loads at start into one chunk ("app"), so that the page fetches and
 * compiles three scripts before its first render rather than eight. Rolldown splits a module that the lazy pages
 * import too into a chunk of its own even when the entry has always loaded it by then (rolldown/rolldown#10731); the
 * eight files cost the first paint about 10 ms over three on the 2-core machine (docs/performance.md). The set is
 * the entry's static import graph, worked out once the graph is known (buildEnd comes before chunking). What the
 * crash page imports too goes to a chunk of its own ("shared"), so that the crash page never loads the app. Left
 * out are the stylesheets: they stay with the entry, so that they join the first screen's inlined sheet. The third
 * script is Rolldown's runtime, which groups leave in a chunk of its own.
 */
export function firstScreenChunks(): { plugin: Plugin; groups: Array<{ name: string; test: (id: string) => boolean; priority: number }> } {
  const app = new Set<string>()
  const shared = new Set<string>()
  const plugin: Plugin = {
    name: 'exaone-first-screen-chunks',
    apply: 'build',
    buildEnd() {
      app.clear()
      shared.clear()
      const reach = (from: string): Set<string> => {
        const seen = new Set<string>()
        const visit = (id: string): void => {
          if (seen.has(id)) return
          seen.add(id)
          for (const next of this.getModuleInfo(id)?.importedIds ?? []) visit(next)
        }
        visit(from)
        return seen
      }
      const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry)
      const page = entries.find((id) => id.endsWith('/index.html'))
      if (!page) return
      const elsewhere = new Set(entries.filter((id) => id !== page).flatMap((id) => [...reach(id)]))
      for (const id of reach(page)) {
        if (id !== page && !/\.css($|\?)/.test(id)) (elsewhere.has(id) ? shared : app).add(id)
      }
    }
  }
  const groups = [
    { name: 'shared', test: (id: string) => shared.has(id), priority: 2 },
    { name: 'app', test: (id: string) => app.has(id), priority: 1 }
  ]
  return { plugin, groups }
}

const firstScreen = firstScreenChunks()

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The CLI is built beside the Electron entry so the package's `bin` runs in plain Node with no TypeScript loader.
        // The workers are entries of their own: Electron starts them with utilityProcess.fork, Node with child_process.fork.
        input: {
          index: resolve('src/main/index.ts'),
          'inference-worker': resolve('src/backend/inference/worker.ts'),
          'hardware-probe': resolve('src/backend/services/hardware/probe-child-entry.ts'),
          cli: resolve('src/backend/cli/main.ts'),
          harness: resolve('src/backend/harness/main.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // sandbox: true only runs CommonJS preloads with no require() of node_modules, so bundle everything.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), firstScreen.plugin, inlineFirstScreenStyles(), contentSecurityPolicyMeta()],
    build: {
      minify: true,
      // crashed.html: the error page main shows when the window's page keeps crashing (src/main/lifecycle.ts).
      rolldownOptions: {
        input: { index: resolve('src/renderer/index.html'), crashed: resolve('src/renderer/crashed.html') },
        output: { codeSplitting: { groups: firstScreen.groups } }
      }
    }
  }
})
