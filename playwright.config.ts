import { existsSync } from 'node:fs'
import { chromium, defineConfig } from '@playwright/test'
import { chromiumPlan } from './scripts/chromium'

// CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own (scripts/ensure-chromium.ts downloads it).
const { executablePath } = chromiumPlan(process.env, existsSync, chromium.executablePath())

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
          ...(executablePath && { executablePath }),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
        }
      }
    },
    { name: 'electron', testDir: 'test/electron' }
  ]
})
