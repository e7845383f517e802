import { EmptyState } from '../../components/EmptyState'
import { useT } from '../../i18n'
import { navigate } from '../../stores/navigation'

export function LibraryPage(): React.JSX.Element {
  const t = useT()
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('library.title')}</h1>
      </header>
      <EmptyState
        icon="library"
        title={t('library.empty.title')}
        body={t('library.empty.body')}
        action={
          <button type="button" className="button" onClick={() => navigate('models')}>
            {t('library.empty.action')}
          </button>
        }
      />
    </section>
  )
}
