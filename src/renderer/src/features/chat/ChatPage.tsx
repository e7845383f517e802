import { useT } from '../../i18n'
import { useChats } from '../../stores/chats'
import { useLibrary } from '../../stores/library'
import { useRemoteEngines } from '../../stores/remote-engines'
import { ChatView } from './ChatView'
import { ConversationList } from './ConversationList'
import { FirstRun, useFirstRunCompletion } from './FirstRun'
import './chat.css'

export function ChatPage(): React.JSX.Element {
  const t = useT()
  const nothingInstalled = useLibrary((state) => state.snapshot !== null && state.snapshot.installed.length === 0)
  const hasChats = useChats((state) => state.list.length > 0)
  // A remote engine is something to chat with: the first-run download is not the only way to start.
  const hasRemote = useRemoteEngines((state) => state.engines.length > 0)
  useFirstRunCompletion()

  return (
    <section className="chat-page" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden">
        {t('chat.title')}
      </h1>
      <ConversationList />
      {nothingInstalled && !hasChats && !hasRemote ? <FirstRun /> : <ChatView />}
    </section>
  )
}
