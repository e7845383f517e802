import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The CLI is built beside the Electron entry so the package's `bin` runs in plain Node with no TypeScript loader.
        input: {
          index: resolve('src/main/index.ts'),
          'inference-worker': resolve('src/backend/inference/worker.ts'),
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
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
