import { EmptyState } from '../../components/EmptyState'
import { useT } from '../../i18n'

export function ModelsPage(): React.JSX.Element {
  const t = useT()
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('models.title')}</h1>
      </header>
      <EmptyState icon="models" title={t('models.empty.title')} body={t('models.empty.body')} />
    </section>
  )
}
