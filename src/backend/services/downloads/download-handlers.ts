import type { Handlers } from '../../dispatcher'
import type { DownloadQueue } from './download-queue'
import type { LicenceStore } from './licence-store'

type DownloadRequest = 'downloads:list' | 'downloads:start' | 'downloads:pause' | 'downloads:resume' | 'downloads:cancel' | 'licences:get' | 'licences:accept'

export function downloadHandlers(queue: DownloadQueue, licences: LicenceStore): Pick<Handlers, DownloadRequest> {
  return {
    'downloads:list': () => queue.list(),
    'downloads:start': ({ modelId, quantId }) => queue.start(modelId, quantId),
    'downloads:pause': ({ id }) => queue.pause(id),
    'downloads:resume': ({ id }) => queue.resume(id),
    'downloads:cancel': async ({ id }) => {
      await queue.cancel(id)
      return {}
    },
    'licences:get': ({ modelId }) => licences.status(modelId),
    'licences:accept': ({ modelId }) => licences.accept(modelId)
  }
}
