import { useId, useMemo, useState } from 'react'
import type { CatalogModel, CatalogQuant } from '../../../../shared/catalog/catalog'
import { cloudPricesAsOf, type CloudOffer } from '../../../../shared/cloud'
import { describeCloudNote, describeServeVariant } from '../../../../shared/cloud-notes'
import { connectPrefill, planCloud } from '../../../../shared/cloud-plan'
import { formatContext } from '../../../../shared/fit/format-context'
import type { ServeCommand } from '../../../../shared/serve-commands'
import { useLocale, useT } from '../../i18n'
import { openAddEngine } from '../../stores/add-engine-intent'

/**
 * "Run it elsewhere": the rented machines that run this file wholly on their GPUs, cheapest first; the chosen one's
 * serve commands with Copy buttons, and Connect, which opens the add-engine form in Settings.
 */
export function CloudPlan({ model, quant, contextTokens, onClose }: {
  model: CatalogModel
  quant: CatalogQuant
  contextTokens: number
  onClose: () => void
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const name = useId()
  const plan = useMemo(() => planCloud(model, quant, contextTokens), [model, quant, contextTokens])
  // By offer, not position: a new context reorders the options, and the chosen machine stays chosen while it fits.
  const [chosen, setChosen] = useState<CloudOffer | null>(null)
  const option = plan.options.find((item) => item.offer === chosen) ?? plan.options[0]
  const [year, month] = cloudPricesAsOf.split('-').map(Number)
  const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(new Date(year ?? 2025, (month ?? 1) - 1))
  const dollars = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' })
  const title = t('models.cloud.title', { model: model.name, quant: quant.id })
  return (
    <section className="cloud-plan" aria-label={title}>
      <header className="cloud-plan__header">
        <h4>{title}</h4>
        <button type="button" className="button button--link" onClick={onClose}>
          {t('models.cloud.close')}
        </button>
      </header>
      {!option ? (
        <p className="muted">{t('models.cloud.none', { tokens: formatContext(plan.requestedContext) })}</p>
      ) : (
        <>
          <p className="muted">{t('models.cloud.intro', { tokens: formatContext(plan.requestedContext), date })}</p>
          <table className="cloud-plan__offers">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.cloud.gpus')}</th>
                <th scope="col">{t('models.cloud.provider')}</th>
                <th scope="col">{t('models.cloud.context')}</th>
                <th scope="col">{t('models.cloud.price')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.options.map((item) => (
                <tr key={`${item.offer.provider}-${item.offer.gpu}`} className={item === option ? 'cloud-plan__offer cloud-plan__offer--chosen' : 'cloud-plan__offer'}>
                  <th scope="row">
                    <label>
                      <input type="radio" name={name} checked={item === option} onChange={() => setChosen(item.offer)} />
                      {t('models.cloud.machine', { count: item.gpuCount, gpu: item.offer.gpu, vram: item.offer.vramGB })}
                    </label>
                  </th>
                  <td>
                    {item.offer.provider} <span className="muted">· {item.offer.region}</span>
                    {item.offer.marketplace && <span className="cloud-plan__caveat">{t('models.cloud.marketplace')}</span>}
                  </td>
                  <td>{t('models.cloud.tokens', { tokens: formatContext(item.contextTokens) })}</td>
                  <td className="cloud-plan__price">{dollars.format(item.usdPerHour)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h5>{t('models.cloud.commandsFor', { machine: t('models.cloud.machine', { count: option.gpuCount, gpu: option.offer.gpu, vram: option.offer.vramGB }), provider: option.offer.provider })}</h5>
          {option.commands.map((command) => (
            <CommandBlock key={command.variant} command={command} />
          ))}
          <ul className="cloud-plan__notes">
            {[...option.notes, ...plan.notes].map((note) => (
              <li key={note.code}>{describeCloudNote(note, locale)}</li>
            ))}
          </ul>
          <p className="cloud-plan__connect">
            <button type="button" className="button button--primary" onClick={() => openAddEngine(connectPrefill(model, plan, option))}>
              {t('models.cloud.connect')}
            </button>
            <span className="muted">{t('models.cloud.connectHint')}</span>
          </p>
        </>
      )}
    </section>
  )
}

function CommandBlock({ command }: { command: ServeCommand }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const [copied, setCopied] = useState(false)
  const caption = describeServeVariant(command.variant, locale)
  return (
    <div className="cloud-plan__command">
      <div className="cloud-plan__command-bar">
        <span>{caption}</span>
        <button
          type="button"
          className="button button--small"
          aria-label={t('models.cloud.copyLabel', { what: caption })}
          onClick={() => void navigator.clipboard.writeText(command.text).then(() => setCopied(true))}
          onBlur={() => setCopied(false)}
        >
          {t(copied ? 'models.cloud.copied' : 'models.cloud.copy')}
        </button>
      </div>
      <pre>
        <code>{command.text}</code>
      </pre>
    </div>
  )
}
