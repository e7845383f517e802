import type { CatalogModel } from '../../../../shared/catalog/catalog'
import { cloudOptions, cloudPricesAsOf } from '../../../../shared/cloud'
import { useLocale, useT } from '../../i18n'

/** Shown only when nothing runs here: rented GPUs that run the model wholly on the GPU, cheapest first. */
export function CloudOptions({ model, contextTokens }: { model: CatalogModel; contextTokens: number }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const options = cloudOptions(model, contextTokens)
  const [year, month] = cloudPricesAsOf.split('-').map(Number)
  const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(new Date(year ?? 2025, (month ?? 1) - 1))
  return (
    <section className="cloud-options" aria-label={t('models.cloud.title')}>
      <h4>{t('models.cloud.title')}</h4>
      {options.length === 0 ? (
        <p className="muted">{t('models.cloud.none')}</p>
      ) : (
        <>
          <p className="muted">{t('models.cloud.intro', { date })}</p>
          <ul className="cloud-options__list">
            {options.map(({ offer, recommendation }) => (
              <li key={`${offer.provider}-${offer.gpu}-${offer.vramGB}`}>
                <span>
                  {t('models.cloud.offer', {
                    provider: offer.provider,
                    gpu: offer.gpu,
                    vram: offer.vramGB,
                    price: offer.usdPerHour.toFixed(2),
                    region: offer.region
                  })}
                </span>
                <span className="muted"> · {t('models.cloud.runs', { quant: recommendation.quant.id })}</span>
                {offer.marketplace && <span className="cloud-options__caveat">{t('models.cloud.marketplace')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
