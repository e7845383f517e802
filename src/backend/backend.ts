import { mkdir } from 'node:fs/promises'
import os from 'node:os'
import type { Handlers } from './dispatcher'
import { createDispatcher, type Dispatch } from './dispatcher'
import { EventHub } from './event-hub'
import { dataPaths, productName, type DataPaths } from './paths'
import { hardwareHandlers } from './services/hardware-probe'
import { settingsHandlers, SettingsStore } from './services/settings-store'

export interface BackendOptions {
  dataDir: string
  version: string
}

/** Every backend service, composed once; Electron main, the browser harness and the CLI each make one. */
export interface Backend {
  paths: DataPaths
  hub: EventHub
  settings: SettingsStore
  dispatch: Dispatch
  dispose(): Promise<void>
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const paths = dataPaths(options.dataDir)
  await mkdir(paths.models, { recursive: true })
  const hub = new EventHub()
  const settings = new SettingsStore(paths.settings, hub)

  const handlers: Handlers = {
    'app:info': () => ({
      name: productName,
      version: options.version,
      platform: process.platform,
      arch: os.arch(),
      dataDir: paths.root
    }),
    ...settingsHandlers(settings),
    ...hardwareHandlers(paths.models)
  }

  return {
    paths,
    hub,
    settings,
    dispatch: createDispatcher(handlers),
    async dispose() {}
  }
}
