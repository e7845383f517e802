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
    plugins: [react(), inlineFirstScreenStyles(), contentSecurityPolicyMeta()],
    build: {
      minify: true,
      // crashed.html: the error page main shows when the window's page keeps crashing (src/main/lifecycle.ts).
      rolldownOptions: { input: { index: resolve('src/renderer/index.html'), crashed: resolve('src/renderer/crashed.html') } }
    }
  }
})
