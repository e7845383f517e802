import type { CatalogModel, CatalogQuant } from '../../../../shared/catalog/catalog'
import type { QuantId } from '../../../../shared/catalog/quantisations'
import type { FitResult } from '../../../../shared/fit/advisor'
import { formatContext } from '../../../../shared/fit/format-context'
import { describeReason, describeVerdict } from '../../../../shared/fit/reasons'
import { formatBytes } from '../../../../shared/format'
import { useLocale, useT } from '../../i18n'
import { DownloadButton } from '../downloads/DownloadButton'

export interface QuantRowData {
  quant: CatalogQuant
  /** null while this computer is still being probed. */
  fit: FitResult | null
}

/** One row per precision: size, verdict in words and colour, memory at the chosen context, longest contexts. */
export function QuantTable({ model, rows, recommended, contextTokens, planned, onPlan }: {
  model: CatalogModel
  rows: QuantRowData[]
  recommended: string | null
  contextTokens: number
  /** The precision whose cloud plan is open, if any. */
  planned: QuantId | null
  onPlan: (quantId: QuantId | null) => void
}): React.JSX.Element {
  const t = useT()
  const tokens = formatContext(contextTokens)
  return (
    <div className="quant-table-scroll">
    <table className="quant-table">
      <caption className="visually-hidden">{t('models.table.caption', { model: model.name, tokens })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('models.table.precision')}</th>
          <th scope="col">{t('models.table.size')}</th>
          <th scope="col">{t('models.table.fit')}</th>
          <th scope="col">{t('models.table.memory', { tokens })}</th>
          <th scope="col">{t('models.table.context')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('models.table.action')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <QuantRow key={row.quant.id} model={model} row={row} recommended={row.quant.id === recommended} planned={row.quant.id === planned} onPlan={onPlan} />
        ))}
      </tbody>
    </table>
    </div>
  )
}

function QuantRow({ model, row: { quant, fit }, recommended, planned, onPlan }: {
  model: CatalogModel
  row: QuantRowData
  recommended: boolean
  planned: boolean
  onPlan: (quantId: QuantId | null) => void
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const size = (bytes: number): string => formatBytes(bytes, locale)
  const exact = quant.sizeSource === 'exact'
  return (
    <tr className={recommended ? 'quant-row quant-row--recommended' : 'quant-row'}>
      <th scope="row" className="quant-row__precision">
        <span className="quant-row__bits">{t('models.row.bits', { bits: quant.precisionBits })}</span>
        <span className="quant-row__id">{quant.id}</span>
        {recommended && <span className="model-tag model-tag--accent">{t('models.row.recommended')}</span>}
      </th>
      <td className="quant-row__size" title={t(`models.row.size.${quant.sizeSource}`)}>
        {exact ? '' : '≈ '}
        {size(quant.sizeBytes)}
        {quant.files.length > 1 && <span className="quant-row__sub">{t('models.row.parts', { count: quant.files.length })}</span>}
      </td>
      <td className="quant-row__fit">
        {fit ? (
          <>
            <span className={`fit-badge fit-badge--${fit.verdict}`}>{describeVerdict(fit, locale)}</span>
            <details className="fit-why">
              <summary>{t('models.row.why')}</summary>
              <ul>
                {fit.reasons.map((reason, index) => (
                  <li key={index}>{describeReason(reason, locale)}</li>
                ))}
              </ul>
            </details>
          </>
        ) : (
          <span className="muted">…</span>
        )}
      </td>
      <td className="quant-row__memory">
        {fit && (fit.verdict === 'no-fit' ? (
          t('models.row.needs', { bytes: size(fit.vramBytes + fit.ramBytes) })
        ) : (
          <>
            {[fit.vramBytes > 0 && t('models.row.gpu', { bytes: size(fit.vramBytes) }), t('models.row.ram', { bytes: size(fit.ramBytes) })].filter(Boolean).join(' + ')}
            {fit.speed && <span className="quant-row__sub">{t('models.row.speed', { low: fit.speed.low.toLocaleString(locale), high: fit.speed.high.toLocaleString(locale) })}</span>}
          </>
        ))}
      </td>
      <td className="quant-row__context">
        {fit && (fit.maxContext === null ? (
          <span className="muted">{t('models.row.noContext')}</span>
        ) : (
          <>
            {fit.maxContextFullGpu !== null && <span>{t('models.row.fullGpu', { tokens: formatContext(fit.maxContextFullGpu) })}</span>}
            {fit.maxContextFullGpu !== fit.maxContext && (
              <span className={fit.maxContextFullGpu !== null ? 'quant-row__sub' : undefined}>{t('models.row.atAll', { tokens: formatContext(fit.maxContext) })}</span>
            )}
          </>
        ))}
      </td>
      <td className="quant-row__action">
        <DownloadButton modelId={model.id} quantId={quant.id} label={model.name} />
        {/* Offered on every row; where the file does not fit here it is the way forward, so it stands out. */}
        <button
          type="button"
          className={fit?.verdict === 'no-fit' ? 'button button--small quant-row__elsewhere' : 'button button--link quant-row__elsewhere'}
          aria-expanded={planned}
          aria-label={t('models.row.elsewhereLabel', { model: model.name, quant: quant.id })}
          onClick={() => onPlan(planned ? null : quant.id)}
        >
          {t('models.row.elsewhere')}
        </button>
      </td>
    </tr>
  )
}
