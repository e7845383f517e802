import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { chromiumPlan, systemChromium } from '../../../scripts/chromium'

const playwrights = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'
const root = path.resolve(import.meta.dirname, '../../..')
const on = (...present: string[]) => (file: string) => present.includes(file)

describe('the Chromium the UI tests run in', () => {
  it('is CHROMIUM_PATH when it is set', () => {
    expect(chromiumPlan({ CHROMIUM_PATH: '/opt/chrome/chrome' }, on('/opt/chrome/chrome', systemChromium), playwrights)).toEqual({ executablePath: '/opt/chrome/chrome', install: false, problem: null })
  })

  it('says how to fix a CHROMIUM_PATH that does not exist, rather than downloading another', () => {
    const plan = chromiumPlan({ CHROMIUM_PATH: 'C:\\Chrome\\chrome.exe' }, on(systemChromium), playwrights)
    expect(plan).toMatchObject({ install: false, problem: expect.stringMatching(/CHROMIUM_PATH is C:\\Chrome\\chrome\.exe, which does not exist/) })
  })

  it("is the system's /usr/bin/chromium where there is one (Debian build machines cannot download browsers)", () => {
    expect(chromiumPlan({ CHROMIUM_PATH: '' }, on(systemChromium), playwrights)).toEqual({ executablePath: systemChromium, install: false, problem: null })
  })

  it("is Playwright's own elsewhere (a fresh macOS or Windows checkout), downloaded only when missing", () => {
    expect(chromiumPlan({}, on(), playwrights)).toEqual({ executablePath: undefined, install: true, problem: null })
    expect(chromiumPlan({}, on(playwrights), playwrights)).toEqual({ executablePath: undefined, install: false, problem: null })
  })

  it('stops npm test with the reason before Playwright starts when CHROMIUM_PATH is wrong', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/ensure-chromium.ts'], { cwd: root, env: { ...process.env, CHROMIUM_PATH: path.join(root, 'no-such-chromium') } })
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('which does not exist') })
  })
})
