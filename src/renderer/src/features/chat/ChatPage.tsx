import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useLibrary } from '../../stores/library'
import { ChatView } from './ChatView'
import { ConversationList } from './ConversationList'
import { FirstRun, useFirstRunCompletion } from './FirstRun'
import './chat.css'

export function ChatPage(): React.JSX.Element {
  const t = useT()
  const nothingInstalled = useLibrary((state) => state.snapshot !== null && state.snapshot.installed.length === 0)
  const hasChats = useChats((state) => state.list.length > 0)
  useFirstRunCompletion()


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
