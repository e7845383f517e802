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
  // Until the backend has said what is installed, which chats and remote engines there are, neither the first-run
  // card nor the chat is shown, so that one does not flash before the other. A failed read ends the wait: the chat
  // shows its error.
  const libraryKnown = useLibrary((state) => state.snapshot !== null)
  const chatsKnown = useChats((state) => state.listLoaded)
  const remoteKnown = useRemoteEngines((state) => state.loaded)
  const libraryFailed = useLibrary((state) => state.error !== null)
  const chatsFailed = useChats((state) => state.error !== null)
  const waiting = !(libraryKnown && chatsKnown && remoteKnown) && !libraryFailed && !chatsFailed
  useFirstRunCompletion()

  return (
    <section className="chat-page" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden">
        {t('chat.title')}
      </h1>
      <ConversationList />
      {waiting ? <div className="chat-page__pending" aria-busy="true" /> : nothingInstalled && !hasChats && !hasRemote ? <FirstRun /> : <ChatView />}
    </section>
  )
}
