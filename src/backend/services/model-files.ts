/**
 * The services that own the models folder, composed once: where it is (settings may have moved it), the
 * library of installed files, the licences accepted, and the download queue that fills it.
 */
import { mkdir } from 'node:fs/promises'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { DataPaths } from '../paths'
import { hubOptionsFor } from './catalog/hugging-face-tree'
import { downloadHandlers } from './downloads/download-handlers'
import { DownloadQueue, type DownloadQueueOptions } from './downloads/download-queue'
import { LicenceStore } from './downloads/licence-store'
import { libraryHandlers } from './library/library-handlers'
import { LibraryService, type LibraryServiceOptions } from './library/library-service'
import { ModelsFolder } from './library/models-folder'
import type { SettingsStore } from './settings-store'

export interface ModelFilesOptions {
  paths: DataPaths
  hub: EventHub
  settings: SettingsStore
  /** Electron's shell.showItemInFolder (wired in src/main); absent in the browser harness and the CLI. */
  showInFolder?: (path: string) => void
  /** After the folder moved (and the move was recorded). */
  folderMoved?: (path: string) => Promise<void>
  /** What an import checks a file that says it is LG's against (LibraryServiceOptions.catalogModel). */
  catalogModel?: LibraryServiceOptions['catalogModel']
  env?: NodeJS.ProcessEnv
  /** Shorter timeouts and backoffs for tests. */
  queue?: Pick<DownloadQueueOptions, 'concurrency' | 'retry' | 'stallMs' | 'checkpointMs' | 'progressIntervalMs'>
}

export interface ModelFiles {
  folder: ModelsFolder
  library: LibraryService
  licences: LicenceStore
  downloads: DownloadQueue
  handlers: ReturnType<typeof downloadHandlers> & ReturnType<typeof libraryHandlers>
}

export async function openModelFiles(options: ModelFilesOptions): Promise<ModelFiles> {
  const env = options.env ?? process.env
  const chosen = (await options.settings.get()).modelsFolder
  const folder = new ModelsFolder(chosen || options.paths.models)
  await mkdir(folder.path, { recursive: true })
  let downloads: DownloadQueue | null = null
  const library = new LibraryService({
    folder,
    events: options.hub,
    ...(options.showInFolder && { showInFolder: options.showInFolder }),
    ...(options.catalogModel && { catalogModel: options.catalogModel }),
    rememberFolder: async (path) => {
      await options.settings.update({ modelsFolder: path })
      await options.folderMoved?.(path)
    },
    downloadsBusy: () => downloads?.busy ?? false
  })
  const licences = new LicenceStore(options.paths.licences)
  downloads = await DownloadQueue.open({
    folder,
    library,
    licences,
    events: options.hub,
    hubOptions: async () => hubOptionsFor(await options.settings.get(), env),
    ...options.queue
  })
  const handlers = { ...downloadHandlers(downloads, licences), ...libraryHandlers(library) } satisfies Partial<Handlers>
  return { folder, library, licences, downloads, handlers }
}
