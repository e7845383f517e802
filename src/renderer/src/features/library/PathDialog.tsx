import { useId, useState, type ReactNode } from 'react'
import { ActionError } from '../../components/ActionError'
import { Dialog } from '../../components/Dialog'
import { useAction } from '../../components/useAction'
import { toErrorData } from '../../../../shared/errors'
import { useT } from '../../i18n'

/**
 * Asks for a path and runs `submit` with it, showing what went wrong in place. A typed path works everywhere; the
 * app adds its native file dialog (`browse`), which the browser harness does not have. While `submit` runs the
 * dialog stays open, so that the work never goes on out of sight: with `stop`, its Cancel button becomes Stop (the
 * work undoes itself and the dialog closes); without, Cancel waits, saying why (`whyItWaits`).
 */
export function PathDialog({ title, body, label, action, working, extra, progress, submit, stop, whyItWaits, onClose, initialPath = '', browse }: {
  title: string
  body: string
  label: string
  action: string
  working: string
  extra?: ReactNode
  /** Shown while `submit` runs: how far it has got. */
  progress?: ReactNode
  submit: (path: string) => Promise<unknown>
  /** Stops a running `submit`, which then rejects with `cancelled`. */
  stop?: () => Promise<unknown>
  /** Why Cancel waits while `submit` runs, where there is no `stop`. */
  whyItWaits?: string
  onClose: () => void
  initialPath?: string
  /** Opens the system's file dialog; null when cancelled. */
  browse?: () => Promise<string | null>
}): React.JSX.Element {
  const t = useT()
  const inputId = useId()
  const [path, setPath] = useState(initialPath)
  const browsing = useAction(async () => {
    const chosen = await browse?.()
    if (chosen) setPath(chosen)
  })
  const submitting = useAction(async (chosen: string) => {
    try {
      await submit(chosen)
    } catch (error) {
      // Stopped on the user's word: nothing to report.
      if (toErrorData(error).code !== 'cancelled') throw error
    }
    onClose()
  })
  const stopping = useAction(async () => stop?.())
  const busy = submitting.pending
  return (
    <Dialog
      title={title}
      onClose={busy ? () => undefined : onClose}
      wide
      actions={
        <>
          {busy && stop ? (
            <button type="button" className="button" disabled={stopping.pending} onClick={() => void stopping.run()}>
              {t('library.stop')}
            </button>
          ) : (
            <button type="button" className="button" disabled={busy} aria-describedby={busy && whyItWaits ? `${inputId}-waits` : undefined} onClick={onClose}>
              {t('library.cancel')}
            </button>
          )}
          <button type="submit" form={`${inputId}-form`} className="button button--primary" disabled={busy || path.trim() === ''}>
            {busy ? working : action}
          </button>
        </>
      }
    >
      <p>{body}</p>
      <form
        id={`${inputId}-form`}
        className="path-form"
        onSubmit={(event) => {
          event.preventDefault()
          void submitting.run(path.trim())
        }}
      >
        <label htmlFor={inputId}>{label}</label>
        <span className="path-form__row">
          <input id={inputId} className="input input--mono" value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} autoComplete="off" required />
          {browse && (
            <button type="button" className="button" disabled={browsing.pending} onClick={() => void browsing.run()}>
              {t('library.browse')}
            </button>
          )}
        </span>
        {extra}
      </form>
      {busy && progress}
      {/* Said on the page, not in a tooltip: a disabled button shows no tooltip in every engine, nor to a keyboard. */}
      {busy && whyItWaits && (
        <p id={`${inputId}-waits`} className="muted">
          {whyItWaits}
        </p>
      )}
      <ActionError action={browsing} />
      <ActionError action={submitting} />
      <ActionError action={stopping} />
    </Dialog>
  )
}
