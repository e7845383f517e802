import { EmptyState } from '../../components/EmptyState'
import { useT } from '../../i18n'
import { navigate } from '../../stores/navigation'

export function ChatPage(): React.JSX.Element {
  const t = useT()
  return (
    <section className="page page--center" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden">
        {t('chat.title')}
      </h1>
      <EmptyState
        icon="chat"
        title={t('chat.empty.title')}
        body={t('chat.empty.body')}
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('models')}>
            {t('chat.empty.action')}
          </button>
        }
      />
    </section>
  )
}
