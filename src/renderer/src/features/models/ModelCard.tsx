import { useState } from 'react'
import type { CatalogModel } from '../../../../shared/catalog/catalog'
import type { QuantId } from '../../../../shared/catalog/quantisations'
import { formatContext } from '../../../../shared/fit/format-context'
import { describeReason } from '../../../../shared/fit/reasons'
import type { Recommendation } from '../../../../shared/fit/recommend'
import { formatBytes } from '../../../../shared/format'
import { useLocale, useT } from '../../i18n'
import { CloudPlan } from './CloudPlan'
import { QuantTable, type QuantRowData } from './QuantTable'

const billions = (count: number): string => `${count >= 100e9 ? (count / 1e9).toFixed(0) : (count / 1e9).toFixed(1)}B`

export function ModelCard({ model, rows, recommendation, contextTokens }: {
  model: CatalogModel
  rows: QuantRowData[]
  /** undefined while the hardware is unknown; null when nothing runs. */
  recommendation: Recommendation | null | undefined
  contextTokens: number
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { parameters, licence, imageProjector } = model
  const headingId = `model-${model.id}`
  const [planned, setPlanned] = useState<QuantId | null>(null)
  const plannedQuant = model.quants.find((quant) => quant.id === planned)
  return (
    <article className="model-card" aria-labelledby={headingId}>
      <header className="model-card__header">
        <h3 id={headingId}>{model.name}</h3>
        <a className="model-card__link" href={model.pageUrl} target="_blank" rel="noopener noreferrer">
          {t('models.card.page')} ↗
        </a>
      </header>
      <p className="model-card__facts">
        <span>
          {parameters.active < parameters.total
            ? t('models.card.moe', { total: billions(parameters.total), active: billions(parameters.active) })
            : t('models.card.parameters', { count: billions(parameters.total) })}
        </span>
        <span>{t('models.card.context', { tokens: formatContext(model.architecture.trainedContext) })}</span>
        <span>{t(`models.card.reasoning.${model.reasoning}`)}</span>
      </p>
      <p className="model-card__licence">
        <a href={licence.url} target="_blank" rel="noopener noreferrer">
          {t('models.card.licence', { name: licence.name })} ↗
        </a>
        <span className={licence.commercialUse ? 'model-tag' : 'model-tag model-tag--warn'}>{t(licence.commercialUse ? 'models.card.commercial' : 'models.card.nonCommercial')}</span>
      </p>
      {imageProjector && (
        <p className="model-card__note">
          {imageProjector.sizeBytes
            ? t('models.card.images', { file: imageProjector.name, size: formatBytes(imageProjector.sizeBytes, locale) })
            : t('models.card.imagesUnknownSize', { file: imageProjector.name })}
        </p>
      )}
      {recommendation && (
        <p className="model-card__recommendation">
          <strong>{t('models.card.recommended')}:</strong> {describeReason(recommendation.reason, locale)}
        </p>
      )}
      {recommendation === null && (
        <p className="model-card__recommendation model-card__recommendation--none">{t('models.card.nothingRuns', { tokens: formatContext(contextTokens) })}</p>
      )}
      <QuantTable model={model} rows={rows} recommended={recommendation?.quant.id ?? null} contextTokens={contextTokens} planned={planned} onPlan={setPlanned} />
      {plannedQuant && <CloudPlan model={model} quant={plannedQuant} contextTokens={contextTokens} onClose={() => setPlanned(null)} />}
    </article>
  )
}
