import { useEffect, useMemo } from 'react'
import { create } from 'zustand'
import { defaultContextTokens } from '../../../../shared/engine-plain'
import { modelById } from '../../../../shared/catalog/lookup'
import { toErrorData } from '../../../../shared/errors'
import { formatBytes } from '../../../../shared/format'
import { fitModel, recommendQuant } from '../../../../shared/fit/recommend'
import { describeReason, describeVerdict } from '../../../../shared/fit/reasons'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Icon } from '../../components/Icon'
import { useLocale, useT } from '../../i18n'
import { useCatalog } from '../../stores/catalog'
import { useChats } from '../../stores/chats'
import { findDownload, useDownloads } from '../../stores/downloads'
import { useEngine } from '../../stores/engine'
import { useHardware } from '../../stores/hardware'
import { useLibrary } from '../../stores/library'
import { navigate } from '../../stores/navigation'
import { DownloadButton } from '../downloads/DownloadButton'
import { LicenceDialog } from '../downloads/LicenceDialog'
import { useStartDownload } from '../downloads/use-start-download'

/** The model a first-time user starts with: small, quick to download, good in Korean and English. */
const starterModelId = 'exaone-4.0-1.2b'

/**
 * The chat area before any model is installed: one recommendation for this machine with its reason, and one
 * button that shows the licence, downloads, loads the model and opens a chat.
 */
export function FirstRun(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale()
  const catalog = useCatalog((state) => state.catalog)
  const probe = useHardware((state) => state.probe)
  const model = catalog && modelById(catalog.models, starterModelId)
  const choice = useMemo(() => {
    if (!model || !probe) return null
    const fits = fitModel(model, probe, defaultContextTokens)
    const recommendation = recommendQuant(fits)
    const fit = fits.find((each) => each.quant.id === recommendation?.quant.id)?.fit
    return recommendation && fit ? { ...recommendation, fit } : null
  }, [model, probe])

  if (!model || !choice) {
    return (
      <div className="first-run" role="status">
        <p className="muted">{t('hardware.loading')}</p>
      </div>
    )
  }
  return (
    <div className="first-run">
      <div className="first-run__card">
        <span className="first-run__icon" aria-hidden="true">
          <Icon name="spark" size={26} />
        </span>
        <h2>{t('chat.first.title', { model: model.name, precision: choice.quant.id })}</h2>
        <p>
          {describeVerdict(choice.fit, locale)} · {t('chat.first.download', { size: formatBytes(choice.quant.sizeBytes, locale) })}
        </p>
        <p className="muted">{describeReason(choice.reason, locale)}</p>
        <StartButton modelId={model.id} quantId={choice.quant.id} label={model.name} />
        <p className="first-run__more">
          <button type="button" className="button button--link" onClick={() => navigate('models')}>
            {t('chat.first.more')}
          </button>
        </p>
      </div>
    </div>
  )
}

/** The download the first-run button started: once it is installed, it is loaded and a chat opens. */
const useFirstRun = create<{ wanted: { modelId: string; quantId: string } | null }>()(() => ({ wanted: null }))

/**
 * Finishes the first run wherever the chat page is showing by then: when the chosen file is verified and
 * installed, load it and open a chat, once.
 */
export function useFirstRunCompletion(): void {
  const wanted = useFirstRun((state) => state.wanted)
  const installed = useLibrary((state) => state.snapshot?.installed.find((quant) => quant.modelId === wanted?.modelId && quant.quantId === wanted?.quantId))
  useEffect(() => {
    if (!installed) return
    useFirstRun.setState({ wanted: null })
    useEngine
      .getState()
      .load({ modelId: installed.modelId, quantId: installed.quantId })
      .then(() => useChats.getState().create())
      .catch((caught: unknown) => useChats.setState({ error: toErrorData(caught) }))
  }, [installed])
}

function StartButton({ modelId, quantId, label }: { modelId: string; quantId: Parameters<typeof useStartDownload>[1]; label: string }): React.JSX.Element {
  const t = useT()
  const { start, licence, accept, dismiss, starting, error } = useStartDownload(modelId, quantId)
  const item = useDownloads((state) => findDownload(state.items, modelId, quantId))
  const installed = useLibrary((state) => state.snapshot?.installed.some((quant) => quant.modelId === modelId && quant.quantId === quantId))
  const engine = useEngine((state) => state.state)
  const begin = (): void => {
    useFirstRun.setState({ wanted: { modelId, quantId } })
    void start()
  }

  if (item || installed) {
    return (
      <div className="first-run__progress">
        <DownloadButton modelId={modelId} quantId={quantId} label={label} />
        {engine.status === 'loading' && <span role="status">{t('chat.model.loading', { percent: Math.round(engine.progress * 100) })}</span>}
      </div>
    )
  }
  return (
    <>
      <button type="button" className="button button--primary first-run__start" disabled={starting} onClick={begin}>
        <Icon name="download" size={16} />
        {t('chat.first.start')}
      </button>
      {error && <ErrorNotice error={error} onRetry={begin} />}
      {licence && <LicenceDialog licence={licence} onAccept={() => void accept()} onCancel={dismiss} />}
    </>
  )
}
