import { afterEach, describe, expect, it, vi } from 'vitest'
import { crashPageUrl, quitAfterCleanup, recordCrash } from '../../../src/main/lifecycle'

/** Electron's app, faked: before-quit listeners and quit(), which emits before-quit like the real one. */
function fakeApp() {
  const listeners: Array<(event: { preventDefault(): void }) => void> = []
  const app = {
    quits: 0,
    exited: false,
    on: (_event: 'before-quit', listener: (event: { preventDefault(): void }) => void) => listeners.push(listener),
    quit() {
      app.quits++
      let prevented = false
      for (const listener of listeners) listener({ preventDefault: () => (prevented = true) })
      if (!prevented) app.exited = true
    }
  }
  return app
}

/** A cleanup the test finishes by hand. */
function manualCleanup() {
  let finish: (error?: Error) => void = () => undefined
  const cleanup = vi.fn(() => new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve()))))
  return { cleanup, finish: (error?: Error) => finish(error) }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('quitting (Electron app faked)', () => {
  it('holds the quit until the cleanup settles, runs it once, then quits for real', async () => {
    const app = fakeApp()
    const { cleanup, finish } = manualCleanup()
    quitAfterCleanup(app, cleanup, 4000, () => undefined)
    app.quit()
    app.quit()
    expect(app.exited).toBe(false)
    expect(cleanup).toHaveBeenCalledTimes(1)
    finish()
    await vi.waitFor(() => expect(app.exited).toBe(true))
    expect(cleanup).toHaveBeenCalledTimes(1)
  })

  it('quits anyway after the time limit when the cleanup hangs, and says so', async () => {
    vi.useFakeTimers()
    const app = fakeApp()
    const log = vi.fn()
    quitAfterCleanup(app, () => new Promise(() => undefined), 4000, log)
    app.quit()
    await vi.advanceTimersByTimeAsync(3999)
    expect(app.exited).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(app.exited).toBe(true)
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/took over 4 s/))
  })

  it('quits anyway when the cleanup fails, and says why', async () => {
    const app = fakeApp()
    const log = vi.fn()
    const { cleanup, finish } = manualCleanup()
    quitAfterCleanup(app, cleanup, 4000, log)
    app.quit()
    finish(new Error('disk full'))
    await vi.waitFor(() => expect(app.exited).toBe(true))
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/failed: Error: disk full/))
  })
})

describe('renderer crashes', () => {
  it('reloads the first two crashes in a minute and shows the error page at the third', () => {
    let times: number[] = []
    const actions = [0, 10_000, 20_000].map((now) => {
      const verdict = recordCrash(times, now)
      times = verdict.times
      return verdict.action
    })
    expect(actions).toEqual(['reload', 'reload', 'show-error'])
  })

  it('forgets crashes older than a minute', () => {
    const verdict = recordCrash([0, 30_000], 60_000)
    expect(verdict).toEqual({ times: [30_000, 60_000], action: 'reload' })
  })

  it('puts the error page in the same origin as the app, details in its query', () => {
    const url = new URL(crashPageUrl('app://exaone/index.html', 'oom, exit code 1 & more'))
    expect(url.href.startsWith('app://exaone/crashed.html?')).toBe(true)
    expect(url.searchParams.get('details')).toBe('oom, exit code 1 & more')
    expect(crashPageUrl('http://localhost:5173', 'x')).toBe('http://localhost:5173/crashed.html?details=x')
  })
})
