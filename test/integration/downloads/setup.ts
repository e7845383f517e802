/** A backend's model-file services on a temp data folder, pointed at a fake Hugging Face, with short timings. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DownloadItem } from '../../../src/shared/downloads'
import { EventHub } from '../../../src/backend/event-hub'
import { dataPaths, type DataPaths } from '../../../src/backend/paths'
import { openModelFiles, type ModelFiles, type ModelFilesOptions } from '../../../src/backend/services/model-files'
import { SettingsStore } from '../../../src/backend/services/settings-store'

export interface Setup extends ModelFiles {
  home: string
  paths: DataPaths
  hub: EventHub
  settings: SettingsStore
  /** Every `downloads:changed` list, in order. */
  snapshots: DownloadItem[][]
  /** Opens the services again on the same folder, as an app restart does. */
  reopen(): Promise<Setup>
  dispose(): Promise<void>
}

export const fastTimings: NonNullable<ModelFilesOptions['queue']> = {
  retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
  stallMs: 400,
  checkpointMs: 20,
  progressIntervalMs: 20
}

export async function openSetup(endpoint: string, options: { token?: string; home?: string; queue?: ModelFilesOptions['queue'] } = {}): Promise<Setup> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'exaone-downloads-')))
  const paths = dataPaths(home)
  const hub = new EventHub()
  const settings = new SettingsStore(paths.settings, hub)
  const snapshots: DownloadItem[][] = []
  hub.on('downloads:changed', (items) => snapshots.push(items))
  const env = { HF_ENDPOINT: endpoint, ...(options.token && { HF_TOKEN: options.token }) }
  const files = await openModelFiles({ paths, hub, settings, env, queue: { ...fastTimings, ...options.queue } })
  return {
    ...files,
    home,
    paths,
    hub,
    settings,
    snapshots,
    async reopen() {
      await files.downloads.shutdown()
      return openSetup(endpoint, { ...options, home })
    },
    async dispose() {
      await files.downloads.shutdown()
      await rm(home, { recursive: true, force: true })
    }
  }
}
