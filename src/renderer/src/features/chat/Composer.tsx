import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { Icon } from '../../components/Icon'
import { useT } from '../../i18n'

interface Props {
  /** The box takes the focus whenever this changes (a chat opened or started). */
  focusKey: string | undefined
  busy: boolean
  canSend: boolean
  onSend(content: string): void
  onStop(): void
  /** Model picker, reasoning switch, settings: the row under the text box. */
  children?: React.ReactNode
}

/**
 * The message box. Enter sends and Shift+Enter adds a line, except while an IME composition is open (Korean,
 * Japanese, Chinese input): then Enter confirms the syllable or word and must never send.
 */
export function Composer({ focusKey, busy, canSend, onSend, onStop, children }: Props): React.JSX.Element {
  const t = useT()
  const [text, setText] = useState('')
  const composing = useRef(false)
  const box = useRef<HTMLTextAreaElement>(null)
  useEffect(() => box.current?.focus(), [focusKey])

  const send = (): void => {
    const content = text.trim()
    if (!content || busy || !canSend) return
    onSend(content)
    setText('')
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    // keyCode 229 is what some engines report for the Enter that ends a composition, after compositionend.
    const inComposition = composing.current || event.nativeEvent.isComposing || event.keyCode === 229
    if (event.key === 'Enter' && !event.shiftKey && !inComposition) {
      event.preventDefault()
      send()
    } else if (event.key === 'Escape' && busy) {
      event.preventDefault()
      onStop()
    }
  }

  return (
    <div className="composer">
      <div className="composer__box">
        <textarea
          ref={box}
          className="composer__input"
          aria-label={t('chat.composer.label')}
          placeholder={t('chat.composer.placeholder')}
          rows={Math.min(10, Math.max(1, text.split('\n').length))}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={() => (composing.current = false)}
        />
        {busy ? (
          <button type="button" className="composer__button composer__button--stop" onClick={onStop} aria-label={t('chat.stop')} title={t('chat.stopShortcut')}>
            <Icon name="stop" size={18} />
          </button>
        ) : (
          <button type="button" className="composer__button" onClick={send} disabled={!text.trim() || !canSend} aria-label={t('chat.send')} title={t('chat.sendShortcut')}>
            <Icon name="send" size={18} />
          </button>
        )}
      </div>
      <div className="composer__tools">{children}</div>
    </div>
  )
}
