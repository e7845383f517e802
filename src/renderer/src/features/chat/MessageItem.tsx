import { lazy, memo, Suspense, useState } from 'react'
import type { Answer, StoredMessage } from '../../../../shared/chats'
import { isErrorCode } from '../../../../shared/errors'
import { errorTextKey } from '../../components/ErrorNotice'
import { Icon } from '../../components/Icon'
import { useLocale, useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { answerStatsText } from './answer-stats'

/** markdown-it and highlight.js load with the first answer, not with the window; until then the answer shows as plain text. */
const Markdown = lazy(async () => ({ default: (await import('./Markdown')).Markdown }))

interface Props {
  message: StoredMessage
  isLastAnswer: boolean
  busy: boolean
  laterMessages: number
  onRegenerate(): void
  onEdit(messageId: string, content: string): void
}

/** Memoised: while an answer streams, only that answer renders again. */
export const MessageItem = memo(function MessageItem({ message, isLastAnswer, busy, laterMessages, onRegenerate, onEdit }: Props): React.JSX.Element {
  return message.role === 'user' ? (
    <UserMessage message={message} busy={busy} laterMessages={laterMessages} onEdit={onEdit} />
  ) : (
    <AssistantMessage message={message} isLastAnswer={isLastAnswer} busy={busy} onRegenerate={onRegenerate} />
  )
})

function UserMessage({ message, busy, laterMessages, onEdit }: Pick<Props, 'message' | 'busy' | 'laterMessages' | 'onEdit'>): React.JSX.Element {
  const t = useT()
  const [draft, setDraft] = useState<string | null>(null)
  if (draft !== null) {
    return (
      <article className="message message--user message--editing" aria-label={t('chat.you')}>
        <textarea className="input message__edit" aria-label={t('chat.edit')} value={draft} autoFocus onChange={(event) => setDraft(event.target.value)} rows={Math.min(12, draft.split('\n').length + 1)} />
        {laterMessages > 0 && <p className="message__warning">{t('chat.editConfirm', { count: laterMessages })}</p>}
        <div className="message__actions message__actions--visible">
          <button type="button" className="button" onClick={() => setDraft(null)}>
            {t('chat.editCancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!draft.trim() || busy}
            onClick={() => {
              onEdit(message.id, draft.trim())
              setDraft(null)
            }}
          >
            {t('chat.editSave')}
          </button>
        </div>
      </article>
    )
  }
  return (
    <article className="message message--user" aria-label={t('chat.you')}>
      <div className="message__bubble">{message.content}</div>
      <div className="message__actions">
        <CopyButton text={message.content} />
        <button type="button" className="icon-button" aria-label={t('chat.edit')} title={t('chat.edit')} disabled={busy} onClick={() => setDraft(message.content)}>
          <Icon name="edit" size={15} />
        </button>
      </div>
    </article>
  )
}

function AssistantMessage({ message, isLastAnswer, busy, onRegenerate }: Pick<Props, 'message' | 'isLastAnswer' | 'busy' | 'onRegenerate'>): React.JSX.Element {
  const t = useT()
  const streaming = useChats((state) => (message.status === 'streaming' && state.streaming?.chatId === state.active?.id ? state.streaming : null))
  const answers: Answer[] = [...(message.alternatives ?? []), { content: message.content, reasoning: message.reasoning ?? '', createdAt: message.createdAt, ...(message.stats && { stats: message.stats }), ...(message.reasoningMs !== undefined && { reasoningMs: message.reasoningMs }) }]
  const [shown, setShown] = useState<number | null>(null)
  const index = shown ?? answers.length - 1
  const answer = answers[index] ?? answers[answers.length - 1]
  const live = streaming !== null && message.status === 'streaming'
  const content = live ? streaming.text : (answer?.content ?? '')
  const reasoning = live ? streaming.reasoning : (answer?.reasoning ?? '')
  const thinking = live && streaming.answerAt === null && streaming.reasoning !== ''
  const reasoningSeconds = live
    ? streaming.answerAt !== null
      ? (streaming.answerAt - streaming.startedAt) / 1000
      : null
    : answer?.reasoningMs !== undefined
      ? answer.reasoningMs / 1000
      : null

  return (
    <article className="message message--assistant" aria-label={t('chat.assistant')} aria-busy={live}>
      {reasoning && (
        <details className="reasoning" open={thinking}>
          <summary>{thinking ? t('chat.thinking') : reasoningSeconds !== null ? t('chat.thoughtFor', { seconds: Math.max(1, Math.round(reasoningSeconds)) }) : t('chat.thought')}</summary>
          <div className="reasoning__text">{reasoning}</div>
        </details>
      )}
      {content ? (
        <Suspense fallback={<PlainText source={content} />}>
          <Markdown source={content} live={live} />
        </Suspense>
      ) : (
        live && !reasoning && <span className="typing" aria-label={t('chat.thinking')} />
      )}
      {live && streaming.waiting && (
        <p className="message__note message__note--warn" role="status">
          {t('chat.waitingRemote', { engine: streaming.waiting.engineName, seconds: Math.ceil(streaming.waiting.retryAfterSeconds), attempt: streaming.waiting.attempt, max: streaming.waiting.maxAttempts })}
        </p>
      )}
      {index === answers.length - 1 && <MessageStatus message={message} onRetry={isLastAnswer && !busy ? onRegenerate : undefined} />}
      <div className="message__footer">
        {answers.length > 1 && (
          <span className="alternatives">
            <button type="button" className="icon-button" aria-label={t('chat.previousAnswer')} disabled={index === 0} onClick={() => setShown(index - 1)}>
              <Icon name="chevronLeft" size={14} />
            </button>
            <span>{t('chat.alternative', { index: index + 1, count: answers.length })}</span>
            <button type="button" className="icon-button" aria-label={t('chat.nextAnswer')} disabled={index === answers.length - 1} onClick={() => setShown(index + 1)}>
              <Icon name="chevronRight" size={14} />
            </button>
          </span>
        )}
        {!live && answer?.stats && <Stats stats={answer.stats} />}
        {!live && (
          <span className="message__actions">
            <CopyButton text={content} />
            {isLastAnswer && (
              <button type="button" className="icon-button" aria-label={t('chat.regenerate')} title={t('chat.regenerate')} disabled={busy} onClick={onRegenerate}>
                <Icon name="refresh" size={15} />
              </button>
            )}
          </span>
        )}
      </div>
    </article>
  )
}

/** How the answer ended when it did not simply end; a failed last answer (its partial text kept above) offers "Try again". */
function MessageStatus({ message, onRetry }: { message: StoredMessage; onRetry: (() => void) | undefined }): React.JSX.Element | null {
  const t = useT()
  const code = message.error && isErrorCode(message.error.code) ? message.error.code : null
  return (
    <>
      {message.droppedMessages ? <p className="message__note">{t('chat.dropped', { count: message.droppedMessages })}</p> : null}
      {message.status === 'interrupted' && <p className="message__note message__note--warn">{t('chat.status.interrupted')}</p>}
      {message.status === 'stopped' && <p className="message__note">{t('chat.status.stopped')}</p>}
      {message.status === 'complete' && !message.content && !message.reasoning && <p className="message__note">{t('chat.status.empty')}</p>}
      {message.status === 'failed' && (
        <div className="message__note message__note--error" data-code={code ?? undefined}>
          <p>
            {t('chat.status.failed')} {code && `${t(errorTextKey(code))} ${t(`error.${code}.hint`)}`}{' '}
            <span className="notice__original" lang="en">
              {message.error?.message} {message.error?.hint}
            </span>
          </p>
          {message.error?.engineName && <p>{t('error.engine', { name: message.error.engineName })}</p>}
          {onRetry && (
            <button type="button" className="button button--small" onClick={onRetry}>
              {t('error.retry')}
            </button>
          )}
        </div>
      )}
    </>
  )
}

function Stats({ stats }: { stats: NonNullable<Answer['stats']> }): React.JSX.Element {
  return <span className="message__stats">{answerStatsText(useLocale(), stats)}</span>
}

function CopyButton({ text }: { text: string }): React.JSX.Element {
  const t = useT()
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={copied ? t('chat.copied') : t('chat.copy')}
      title={copied ? t('chat.copied') : t('chat.copy')}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true)
          setTimeout(() => setCopied(false), 1500)
        })
      }
    >
      <Icon name="copy" size={15} />
    </button>
  )
}

/** The answer as it will read once Markdown has loaded, in the same box: only the formatting arrives later. */
function PlainText({ source }: { source: string }): React.JSX.Element {
  return (
    <div className="markdown">
      <p className="markdown__block markdown__plain">{source}</p>
    </div>
  )
}
