import { useMemo } from 'react'
import { families } from '../../../../shared/catalog/models'
import { fitModel, recommendQuant } from '../../../../shared/fit/recommend'
import { formatBytes } from '../../../../shared/format'
import { customMachineId } from '../../../../shared/hardware-profiles'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useLocale, useT } from '../../i18n'
import { useCatalog } from '../../stores/catalog'
import { CatalogStatus } from './CatalogStatus'
import { ContextControl } from './ContextControl'
import { CustomMachineEditor } from './CustomMachineEditor'
import { hardwareLabel } from './hardware-label'
import { HardwarePicker } from './HardwarePicker'
import { ModelCard } from './ModelCard'
import { useAdvisedHardware, useModelsView } from './view-store'
import './models.css'

export function ModelsPage(): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const { catalog, error, refresh } = useCatalog()
  const contextTokens = useModelsView((state) => state.contextTokens)
  const profileId = useModelsView((state) => state.profileId)
  const hardware = useAdvisedHardware()

  // Pure and fast (a few milliseconds for the whole catalog), so it simply reruns on every change.
  const cards = useMemo(
    () =>
      (catalog?.models ?? []).map((model) => {
        if (!hardware) return { model, rows: model.quants.filter((quant) => quant.inRepo !== false).map((quant) => ({ quant, fit: null })), recommendation: undefined }
        const fits = fitModel(model, hardware, contextTokens)
        return { model, rows: fits, recommendation: recommendQuant(fits) }
      }),
    [catalog, hardware, contextTokens]
  )

  const usableGpus = hardware?.gpus.filter((gpu) => gpu.backend !== null) ?? []
  return (
    <section className="page models-page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('models.title')}</h1>
      </header>
      <div className="models-toolbar">
        <ContextControl />
        <HardwarePicker />
      </div>
      <CustomMachineEditor />
      <p className="models-hardware" role="status">
        {!hardware
          ? t('models.hardware.probing')
          : profileId
            ? t(profileId === customMachineId ? 'models.custom.whatIf' : 'models.hardware.whatIf', { label: hardwareLabel(hardware, t) })
            : t('models.hardware.summary', {
                ram: formatBytes(hardware.ram.availableBytes, locale),
                gpus: usableGpus.length > 0 ? usableGpus.map((gpu) => gpu.name).join(', ') : t('models.hardware.noGpu')
              })}
      </p>
      {error && <ErrorNotice error={error} onRetry={() => void refresh()} />}
      {catalog && <CatalogStatus catalog={catalog} />}
      {!catalog && !error && <p className="muted" role="status">{t('models.loading')}</p>}
      {families.map((family) => {
        const members = cards.filter((card) => card.model.family === family)
        if (members.length === 0) return null
        return (
          <section key={family} className="model-family" aria-labelledby={`family-${family}`}>
            <h2 id={`family-${family}`}>{t(`models.family.${family}`)}</h2>
            {members.map((card) => (
              <ModelCard key={card.model.id} model={card.model} rows={card.rows} recommendation={card.recommendation} contextTokens={contextTokens} />
            ))}
          </section>
        )
      })}
    </section>
  )
}
