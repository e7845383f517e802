import type { Catalog } from '../../../../shared/catalog/catalog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useLocale, useT } from '../../i18n'
import { useCatalog } from '../../stores/catalog'

/** Where the file sizes come from, so nobody mistakes an approximation for a fact. */
export function CatalogStatus({ catalog }: { catalog: Catalog }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const refresh = useCatalog((state) => state.refresh)
  if (catalog.checking) return <p className="catalog-status" role="status">{t('models.catalog.checking')}</p>
  if (catalog.source === 'online' && !catalog.problem) return <p className="catalog-status" role="status">{t('models.catalog.online')}</p>
  const date = catalog.checkedAt && new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(catalog.checkedAt))
  const sizes = date ? t('models.catalog.cache', { date }) : t('models.catalog.approximate')
  // Why Hugging Face could not be asked, in the user's language, with the fix (a mirror or the token in Settings):
  // one box, the notice, with what it means for the sizes as a line above it (not a box around a box).
  if (catalog.problem) {
    return (
      <div className="catalog-status catalog-status--problem">
        <p role="status">{sizes}</p>
        <ErrorNotice error={catalog.problem} onRetry={() => void refresh()} />
      </div>
    )
  }
  return (
    <div className={catalog.source === 'built-in' ? 'catalog-status catalog-status--approximate' : 'catalog-status'} role="status">
      <div>
        <p>{sizes}</p>
      </div>
      <button type="button" className="button catalog-status__retry" onClick={() => void refresh()}>
        {t('models.catalog.retry')}
      </button>
    </div>
  )
}
