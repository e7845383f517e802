import { useEffect, useRef, useState } from 'react'
import { toErrorData } from '../../../../shared/errors'
import { call } from '../../bridge'
import { ActionError } from '../../components/ActionError'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useAction } from '../../components/useAction'
import { Icon } from '../../components/Icon'
import { useLocale, useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { loadedModelName, useEngine } from '../../stores/engine'
import { useActiveRemote } from '../../stores/remote-engines'
import { ChatSettingsDrawer } from './ChatSettingsDrawer'
import { remoteReasoning } from './engine-choice'
import { Composer } from './Composer'
import { MessageItem } from './MessageItem'
import { ModelPicker } from './ModelPicker'

export function ChatView(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  // Narrow subscriptions: streamed text re-renders only the answer being written, not the whole chat.
  const active = useChats((state) => state.active)
  const error = useChats((state) => state.error)
  const retry = useChats((state) => state.retry)
  const busy = useChats((state) => state.streaming !== null && state.streaming.chatId === state.active?.id)
  const { send, stop, regenerate, edit, updateSettings, dismissError } = useChats.getState()
  const engine = useEngine((state) => state.state)
  const loadAnyway = (): Promise<void> => {
    dismissError()
    return useEngine
      .getState()
      .loadAnyway()
      .catch((error: unknown) => useChats.setState({ error: toErrorData(error), retry: loadAnyway }))
  }
  const [settingsOpen, setSettingsOpen] = useState(false)
  const log = useRef<HTMLDivElement>(null)
  const content = useRef<HTMLDivElement>(null)
  const stickToBottom = useRef(true)

  const remote = useActiveRemote()
  const localReady = engine.status === 'ready' || engine.status === 'generating'
  const ready = localReady || remote !== null
  const modelName = loadedModelName(engine)
  const reasoningMode = remote ? remoteReasoning(remote.modelId) : localReady ? engine.model.reasoning : 'never'
  const messages = active?.messages ?? []
  const lastStats = [...messages].reverse().find((message) => message.stats)?.stats

  // Follow the answer as it grows, unless the reader scrolled up to read something else; and keep the end in view
  // when the log itself shrinks (an error notice appearing under it).
  useEffect(() => {
    const element = log.current
    if (!element || !content.current) return
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) element.scrollTop = element.scrollHeight
    })
    observer.observe(content.current)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  const exportAs = useAction(async (format: 'markdown' | 'json'): Promise<void> => {
    if (!active) return
    const file = await call('chats:export', { chatId: active.id, format })
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }))
    link.download = file.fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 1000)
  })

  return (
    <div className="chat-view">
      <header className="chat-view__header">
        <h2 className="chat-view__title">{active?.title || t('chat.untitled')}</h2>
        {lastStats && (
          <span className="context-meter" title={t('chat.context')}>
            {/* A remote server that did not say its context length gives no total to measure against. */}
            {lastStats.contextSize > 0 ? (
              <>
                <span className="context-meter__bar" role="meter" aria-label={t('chat.context')} aria-valuemin={0} aria-valuemax={lastStats.contextSize} aria-valuenow={lastStats.contextUsed}>
                  <span style={{ width: `${Math.min(100, (lastStats.contextUsed / lastStats.contextSize) * 100)}%` }} />
                </span>
                {t('chat.contextUsed', { used: lastStats.contextUsed.toLocaleString(locale), total: lastStats.contextSize.toLocaleString(locale) })}
              </>
            ) : (
              t('chat.contextUsedOnly', { used: lastStats.contextUsed.toLocaleString(locale) })
            )}
          </span>
        )}
        {active && (
          <span className="chat-view__actions">
            <button type="button" className="icon-button" aria-label={t('chat.exportMarkdown')} title={t('chat.exportMarkdown')} onClick={() => void exportAs.run('markdown')}>
              <Icon name="export" size={17} />
            </button>
            <button type="button" className="button button--small" onClick={() => void exportAs.run('json')} title={t('chat.exportJson')}>
              JSON
            </button>
            <button type="button" className="icon-button" aria-label={t('chat.settings')} title={t('chat.settings')} aria-expanded={settingsOpen} onClick={() => setSettingsOpen(!settingsOpen)}>
              <Icon name="sliders" size={17} />
            </button>
          </span>
        )}
      </header>
      <div className="chat-view__body">
        <div
          className="chat-view__log"
          ref={log}
          role="log"
          aria-live="polite"
          aria-busy={busy}
          onScroll={(event) => {
            const element = event.currentTarget
            stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80
          }}
        >
          <div className="chat-view__messages" ref={content}>
          {messages.length === 0 ? (
            <div className="chat-start">
              <h2>{t('chat.start.title')}</h2>
              <p className="muted">
                {remote
                  ? t('chat.start.remote', { model: remote.modelId, engine: remote.engine.name })
                  : modelName
                    ? t('chat.start.body', { model: modelName })
                    : t('chat.start.noModel')}
              </p>
            </div>
          ) : (
            messages.map((message, index) => (
              <MessageItem
                key={message.id}
                message={message}
                isLastAnswer={index === messages.length - 1 && message.role === 'assistant'}
                busy={busy || !ready}
                laterMessages={Math.max(0, messages.length - index - 2)}
                onRegenerate={regenerate}
                onEdit={edit}
              />
            ))
          )}
          </div>
        </div>
        {settingsOpen && <ChatSettingsDrawer onClose={() => setSettingsOpen(false)} />}
      </div>
      {exportAs.error && (
        <div className="chat-view__error">
          <ActionError action={exportAs} />
        </div>
      )}
      {error && (
        <div className="chat-view__error">
          <ErrorNotice
            error={error}
            onDismiss={dismissError}
            {...(retry && { onRetry: () => void retry() })}
            {...(error.code === 'wont-fit' && { onLoadAnyway: () => void loadAnyway() })}
          />
        </div>
      )}
      {engine.status === 'stopped' && !remote && <p className="chat-view__engine-note" role="alert">{t('chat.model.stopped', { reason: t(`engine.stop.${engine.code}`) })}</p>}
      <Composer focusKey={active?.id} busy={busy} canSend={ready} onSend={(content) => void send(content)} onStop={() => void stop()}>
        <ModelPicker />
        {reasoningMode === 'optional' && (
          <label className="switch" title={t('chat.reasoningHint')}>
            <input type="checkbox" role="switch" checked={active?.settings.reasoning ?? false} disabled={!active || busy} onChange={(event) => void updateSettings({ reasoning: event.target.checked })} />
            <span>{t('chat.reasoning')}</span>
          </label>
        )}
        {reasoningMode === 'always' && <span className="muted composer__note">{t('chat.reasoningAlways')}</span>}
      </Composer>
    </div>
  )
}
