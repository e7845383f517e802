/**
 * Which Chromium the Playwright UI tests run in, for playwright.config.ts and ensure-chromium.ts alike:
 * CHROMIUM_PATH if set, else the system's /usr/bin/chromium where there is one (Debian build machines, where
 * Playwright cannot download browsers), else Playwright's own, downloaded by `npx playwright install chromium`.
 */
export const systemChromium = '/usr/bin/chromium'

export interface ChromiumPlan {
  /** Passed to Playwright as executablePath; undefined: Playwright's own Chromium. */
  executablePath: string | undefined
  /** Playwright's own Chromium is wanted and not downloaded yet. */
  install: boolean
  /** Why the tests cannot run as set up, with the fix. */
  problem: string | null
}

export function chromiumPlan(env: Record<string, string | undefined>, exists: (path: string) => boolean, playwrightChromium: string): ChromiumPlan {
  const chosen = env.CHROMIUM_PATH || undefined
  if (chosen) {
    return { executablePath: chosen, install: false, problem: exists(chosen) ? null : `CHROMIUM_PATH is ${chosen}, which does not exist. Point it at a Chromium or Chrome executable, or unset it to use Playwright's own Chromium.` }
  }
  if (exists(systemChromium)) return { executablePath: systemChromium, install: false, problem: null }
  return { executablePath: undefined, install: !exists(playwrightChromium), problem: null }
}

export const installAdvice = [
  "Playwright's Chromium could not be downloaded. Do one of these, then run npm test again:",
  '  - where the network allows: npx playwright install chromium (on Linux add --with-deps for its system libraries)',
  '  - point CHROMIUM_PATH at an installed Chromium or Chrome executable',
  '  - on Debian or Ubuntu: apt-get install chromium (it is found at /usr/bin/chromium)'
].join('\n')
