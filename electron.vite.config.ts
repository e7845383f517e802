import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { metaContentSecurityPolicy } from './src/shared/content-security-policy'

/**
 * Puts the app's one CSP (src/shared/content-security-policy.ts) into each page, right after <meta charset>:
 * before any script or style, which a CSP meta tag only governs when it comes first.
 */
export function contentSecurityPolicyMeta(): Plugin {
  const charset = /<meta charset=[^>]*>/i
  return {
    name: 'exaone-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (!charset.test(html)) throw new Error(`${context.filename} needs <meta charset="UTF-8" /> in its <head>: the Content-Security-Policy meta tag goes right after it.`)
        return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy}" />`)
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
          cli: resolve('src/backend/cli/main.ts')
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
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      minify: true,
      // crashed.html: the error page main shows when the window's page keeps crashing (src/main/lifecycle.ts).
      rolldownOptions: { input: { index: resolve('src/renderer/index.html'), crashed: resolve('src/renderer/crashed.html') } }
    }
  }
})
