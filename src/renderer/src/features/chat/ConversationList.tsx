import { useEffect, useState } from 'react'
import { ActionError } from '../../components/ActionError'
import { Icon } from '../../components/Icon'
import { useActions } from '../../components/useAction'
import { useLocale, useT } from '../../i18n'
import { useChats } from '../../stores/chats'

export function ConversationList(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { list, listLoaded, query, activeId, deleted, setQuery, open, create, rename, remove, undoRemove } = useChats()
  const [renaming, setRenaming] = useState<string | null>(null)
  const action = useActions()
  const { run } = action

  // Ctrl+N (Cmd+N on macOS) starts a new chat from anywhere on the page.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        void run(() => create())
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [create, run])

  return (
    <aside className="conversations" aria-label={t('chat.list.label')}>
      <div className="conversations__top">
        <button type="button" className="button button--primary conversations__new" onClick={() => void run(() => create())} title={t('chat.list.newShortcut')}>
          <Icon name="plus" size={16} />
          {t('chat.list.new')}
        </button>
        <input type="search" className="input" placeholder={t('chat.list.search')} aria-label={t('chat.list.search')} value={query} onChange={(event) => setQuery(event.target.value)} />
      </div>
      <ActionError action={action} />
      {/* Not before the first list: a returning user would see "no conversations" flash before theirs. */}
      {listLoaded && list.length === 0 && <p className="conversations__empty muted">{query ? t('chat.list.noMatch', { query }) : t('chat.list.empty')}</p>}
      <ul className="conversations__list">
        {list.map((item) => (
          <li key={item.id} className={`conversation${item.id === activeId ? ' conversation--active' : ''}`}>
            {renaming === item.id ? (
              <input
                className="input conversation__rename"
                aria-label={t('chat.list.rename')}
                defaultValue={item.title}
                autoFocus
                onKeyDown={(event) => {
                  if (event.key === 'Escape') setRenaming(null)
                  if (event.key === 'Enter' && !event.nativeEvent.isComposing) event.currentTarget.blur()
                }}
                onBlur={(event) => {
                  const title = event.currentTarget.value.trim()
                  setRenaming(null)
                  if (title && title !== item.title) void run(() => rename(item.id, title))
                }}
              />
            ) : (
              <button type="button" className="conversation__open" aria-current={item.id === activeId ? 'true' : undefined} onClick={() => void open(item.id)} onDoubleClick={() => setRenaming(item.id)}>
                <span className="conversation__title">{item.title || t('chat.untitled')}</span>
                <span className="conversation__meta">
                  {new Date(item.updatedAt).toLocaleDateString(locale, { month: 'short', day: 'numeric' })}
                  {item.skippedLines > 0 && ` · ${t('chat.list.skipped', { count: item.skippedLines })}`}
                </span>
              </button>
            )}
            <span className="conversation__actions">
              <button type="button" className="icon-button" aria-label={`${t('chat.list.rename')}: ${item.title}`} title={t('chat.list.rename')} onClick={() => setRenaming(item.id)}>
                <Icon name="edit" size={15} />
              </button>
              <button type="button" className="icon-button" aria-label={`${t('chat.list.delete')}: ${item.title}`} title={t('chat.list.delete')} onClick={() => void run(() => remove(item.id))}>
                <Icon name="trash" size={15} />
              </button>
            </span>
          </li>
        ))}
      </ul>
      {deleted && (
        <div className="toast" role="status">
          <span>{t('chat.list.deleted', { title: deleted.title || t('chat.untitled') })}</span>
          <button type="button" className="button button--link" onClick={() => void run(() => undoRemove())}>
            {t('chat.list.undo')}
          </button>
        </div>
      )}
    </aside>
  )
}
