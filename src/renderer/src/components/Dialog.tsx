import { useEffect, useId, useRef, type ReactNode } from 'react'

/**
 * A modal on the native <dialog>: everything behind it is inert, so focus stays inside; Esc closes it; focus
 * returns to what opened it. Mount it to open it.
 */
export function Dialog({ title, onClose, children, actions, wide }: {
  title: string
  onClose: () => void
  children: ReactNode
  actions: ReactNode
  wide?: boolean
}): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    dialog?.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">{actions}</div>
    </dialog>
  )
}

/** A question before something that cannot be undone: Cancel, and the action, which closes the dialog and runs. */
export function ConfirmDialog({ title, cancelLabel, confirmLabel, onConfirm, onClose, children }: {
  title: string
  cancelLabel: string
  confirmLabel: string
  onConfirm: () => void
  onClose: () => void
  children: ReactNode
}): React.JSX.Element {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {cancelLabel}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              onClose()
              onConfirm()
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  )
}
