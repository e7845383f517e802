import { useId, useState, type ReactNode } from 'react'
import { ActionError } from '../../components/ActionError'
import { Dialog } from '../../components/Dialog'
import { useAction } from '../../components/useAction'
import { useT } from '../../i18n'

/**
 * Asks for a path and runs `submit` with it, showing what went wrong in place. The browser harness cannot open a
 * native file picker, so a typed path works everywhere.
 */
export function PathDialog({ title, body, label, action, working, extra, submit, onClose }: {
  title: string
  body: string
  label: string
  action: string
  working: string
  extra?: ReactNode
  submit: (path: string) => Promise<unknown>
  onClose: () => void
}): React.JSX.Element {
  const t = useT()
  const inputId = useId()
  const [path, setPath] = useState('')
  const submitting = useAction(async (chosen: string) => {
    await submit(chosen)
    onClose()
  })
  const busy = submitting.pending
  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('library.cancel')}
          </button>
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
        <input id={inputId} className="input input--mono" value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} autoComplete="off" required />
        {extra}
      </form>
      <ActionError action={submitting} />
    </Dialog>
  )
}
