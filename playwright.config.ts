import { defineConfig } from '@playwright/test'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['./test/skip-reason-reporter.ts']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'harness',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1200, height: 760 },
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
        }
      }
    },
    { name: 'electron', testDir: 'test/electron' }
  ]
})
