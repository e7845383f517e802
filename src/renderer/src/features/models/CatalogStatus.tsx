import type { Catalog } from '../../../../shared/catalog/catalog'
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
  return (
    <div className={catalog.source === 'built-in' ? 'catalog-status catalog-status--approximate' : 'catalog-status'} role="status">
      <div>
        <p>{date ? t('models.catalog.cache', { date }) : t('models.catalog.approximate')}</p>
        {catalog.problem && (
          // The backend's own words (English), kept one click away rather than mixed into the sentence above.
          <details className="catalog-status__problem">
            <summary>{t('models.catalog.why')}</summary>
            {catalog.problem.message} {catalog.problem.hint}
          </details>
        )}
      </div>
      <button type="button" className="button catalog-status__retry" onClick={() => void refresh()}>
        {t('models.catalog.retry')}
      </button>
    </div>
  )
}
