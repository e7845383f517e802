/**
 * Run by `npm run test:e2e` before Playwright: downloads Playwright's Chromium when the tests would use it and
 * it is missing (a fresh macOS or Windows checkout), and otherwise does nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium } from '@playwright/test'
import { chromiumPlan, installAdvice } from './chromium'

const plan = chromiumPlan(process.env, existsSync, chromium.executablePath())
if (plan.problem) {
  console.error(plan.problem)
  process.exit(1)
}
if (plan.install) {
  console.log("Downloading Playwright's Chromium for the UI tests (once)…")
  // Playwright's own command line, run by this Node: `npx playwright install chromium`, without a shell.
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli')
  const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(installAdvice)
    process.exit(1)
  }
}
