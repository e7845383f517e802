import { create } from 'zustand'
import type { QuantId } from '../../../shared/catalog/quantisations'
import type { DownloadItem } from '../../../shared/downloads'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import { call, follow } from '../bridge'

interface DownloadsState {
  items: DownloadItem[]
  /** The last request that failed (a start refused, a cancel that could not delete): shown beside the list. */
  error: AppErrorData | null
  start(modelId: string, quantId: QuantId): Promise<void>
  pause(id: string): Promise<void>
  resume(id: string): Promise<void>
  cancel(id: string): Promise<void>
}

async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action()
    useDownloads.setState({ error: null })
  } catch (error) {
    useDownloads.setState({ error: toErrorData(error) })
  }
}

export const useDownloads = create<DownloadsState>()(() => ({
  items: [],
  error: null,
  // Starting can fail with `licence-required`: callers that show the licence dialog use `call` themselves.
  start: (modelId, quantId) => attempt(() => call('downloads:start', { modelId, quantId })),
  pause: (id) => attempt(() => call('downloads:pause', { id })),
  resume: (id) => attempt(() => call('downloads:resume', { id })),
  cancel: (id) => attempt(() => call('downloads:cancel', { id }))
}))

/** The whole list, replaced by each `downloads:changed` (at most about four a second). */
export function startDownloadsSync(): () => void {
  return follow('downloads:changed', 'downloads:list', {}, (items) => useDownloads.setState({ items }), (error) => useDownloads.setState({ error: toErrorData(error) }))
}

export function findDownload(items: DownloadItem[], modelId: string, quantId: string): DownloadItem | undefined {
  return items.find((item) => item.modelId === modelId && item.quantId === quantId)
}
