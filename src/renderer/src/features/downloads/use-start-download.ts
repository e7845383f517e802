import { useState } from 'react'
import type { QuantId } from '../../../../shared/catalog/quantisations'
import type { LicenceStatus } from '../../../../shared/downloads'
import { AppError, toErrorData, type AppErrorData } from '../../../../shared/errors'
import { call } from '../../bridge'

/**
 * Starting a download, with the licence dialog in between the first time: `licence` is set while the dialog
 * should show; `accept` records the acceptance and starts; `dismiss` closes it without downloading.
 */
export function useStartDownload(modelId: string, quantId: QuantId): {
  start(): Promise<void>
  licence: LicenceStatus | null
  accept(): Promise<void>
  dismiss(): void
  starting: boolean
  error: AppErrorData | null
} {
  const [licence, setLicence] = useState<LicenceStatus | null>(null)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)

  const begin = async (): Promise<void> => {
    setStarting(true)
    setError(null)
    try {
      await call('downloads:start', { modelId, quantId })
    } catch (caught) {
      if (caught instanceof AppError && caught.code === 'licence-required') setLicence(await call('licences:get', { modelId }))
      else setError(toErrorData(caught))
    } finally {
      setStarting(false)
    }
  }
  return {
    start: begin,
    licence,
    async accept() {
      setLicence(null)
      await call('licences:accept', { modelId })
      await begin()
    },
    dismiss: () => setLicence(null),
    starting,
    error
  }
}
