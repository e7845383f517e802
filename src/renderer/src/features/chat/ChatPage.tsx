import { useEffect } from 'react'
import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useLibrary } from '../../stores/library'
import { ChatView } from './ChatView'
import { ConversationList } from './ConversationList'
import { FirstRun, useFirstRunCompletion } from './FirstRun'
import './chat.css'

export function ChatPage(): React.JSX.Element {
  const t = useT()
  const create = useChats((state) => state.create)
  const nothingInstalled = useLibrary((state) => state.snapshot !== null && state.snapshot.installed.length === 0)
  const hasChats = useChats((state) => state.list.length > 0)
  useFirstRunCompletion()

  // Ctrl+N (Cmd+N on macOS) starts a new chat from anywhere on the page.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        void create()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [create])

  return (
    <section className="chat-page" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden">
        {t('chat.title')}
      </h1>
      <ConversationList />
      {nothingInstalled && !hasChats ? <FirstRun /> : <ChatView />}
    </section>
  )
}
