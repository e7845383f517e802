/**
 * How the app ends and how the window recovers, as plain functions over the few Electron objects they touch,
 * so that they are tested without Electron.
 */

interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

/**
 * Holds the first quit until `cleanup` settles (downloads paused with their resume state written, the inference
 * worker stopped) or `timeoutMs` passes, whichever is first, then quits for real. A cleanup that fails or hangs
 * never keeps the app from quitting; what happened goes to `log`.
 */
export function quitAfterCleanup(app: QuittingApp, cleanup: () => Promise<void>, timeoutMs = 4000, log: (message: string) => void = console.error): void {
  let phase: 'running' | 'cleaning' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (phase === 'done') return
    event.preventDefault()
    if (phase === 'cleaning') return
    phase = 'cleaning'
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timed-out')))
    void Promise.race([cleanup().then(() => 'done' as const), timedOut])
      .then((outcome) => {
        if (outcome === 'timed-out') log(`Quitting without waiting further: stopping downloads and the model engine took over ${timeoutMs / 1000} s.`)
      })
      .catch((error: unknown) => log(`Quitting although stopping downloads and the model engine failed: ${String(error)}`))
      .finally(() => {
        clearTimeout(timer)
        phase = 'done'
        app.quit()
      })
  })
}

export interface CrashVerdict {
  /** The crash times to keep for the next call. */
  times: number[]
  /** Reload the page, or stop and show the error page: it keeps crashing. */
  action: 'reload' | 'show-error'
}

/** A crashed page is reloaded; the `limit`th crash within `windowMs` shows the error page instead of a reload loop. */
export function recordCrash(times: readonly number[], now: number, limit = 3, windowMs = 60_000): CrashVerdict {
  const recent = [...times.filter((time) => now - time < windowMs), now]
  return { times: recent, action: recent.length >= limit ? 'show-error' : 'reload' }
}

/** The error page (src/renderer/crashed.html, in the app's own origin) with what happened, for "Copy details". */
export function crashPageUrl(rendererUrl: string, details: string): string {
  const url = new URL('crashed.html', rendererUrl)
  url.searchParams.set('details', details)
  return url.href
}
