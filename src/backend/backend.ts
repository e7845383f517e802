import { mkdir } from 'node:fs/promises'
import os from 'node:os'
import { AppError } from '../shared/errors'
import { resolveModel } from '../shared/catalog/catalog'
import { apiServerHandlers, ApiServerService } from './api/service'
import type { Handlers } from './dispatcher'
import { CallTracker } from './call-tracker'
import { createDispatcher, type Dispatch } from './dispatcher'
import { EventHub } from './event-hub'
import { dataPaths, productName, type DataPaths } from './paths'
import { catalogHandlers, CatalogService } from './services/catalog/catalog-service'
import { chatHandlers, ChatService } from './services/chats/chat-service'
import { ConversationStore } from './services/chats/conversation-store'
import { hubOptionsFor } from './services/catalog/hugging-face-tree'
import { probeFull } from './services/hardware/full-probe'
import { hardwareHandlers, HardwareService } from './services/hardware/hardware-service'
import type { ProbeChildHandle } from './services/hardware/probe-child'
import { monitorHandlers, MonitorService } from './services/monitor/monitor-service'
import type { AppProcesses } from './services/monitor/process-memory'
import { engineHandlers, EngineService, type EngineServiceOptions } from './services/engine-service'
import { draftCandidates, loadAdvisor } from './services/load-advice'
import { openModelFiles, type ModelFiles } from './services/model-files'
import { settingsHandlers, SettingsStore } from './services/settings-store'
import { remoteEngineHandlers, RemoteEngineService } from './services/remote/remote-engine-service'
import { FileSecretStore, type SecretStore } from './services/remote/secret-store'
import { spawnNodeWorker } from './inference/spawn-node'

export interface BackendOptions {
  dataDir: string
  version: string
  /** How the inference worker starts: Electron passes utilityProcess; plain Node forks. */
  spawnWorker?: EngineServiceOptions['spawn']
  /** How the hardware probe's process starts, likewise (see probe-child.ts). */
  spawnProbe?: () => ProbeChildHandle
  /** Every process of the app with its memory, where the host can tell: Electron passes app.getAppMetrics. */
  appProcesses?: () => AppProcesses
  /** Electron passes shell.showItemInFolder; elsewhere the window shows the path. */
  showInFolder?: (path: string) => void
  /** Electron passes its file dialog for a .gguf (null when cancelled); elsewhere a path is typed. */
  pickGgufFile?: () => Promise<string | null>
  /** True for the app's own start (Electron, the browser harness): it empties the deleted-chats trash. */
  purgeDeletedChats?: boolean
  /** True for the app's own start too: the API server runs when its settings turn it on (never for CLI commands). */
  serveApi?: boolean
  /** Where remote engines' API keys are kept: Electron passes one sealed by safeStorage; else a 0600 file. */
  secrets?: SecretStore
}

/** Every backend service, composed once; Electron main, the browser harness and the CLI each make one. */
export interface Backend {
  paths: DataPaths
  hub: EventHub
  settings: SettingsStore
  hardware: HardwareService
  /** Also where the inference worker and the renderer register their pids (`registerProcess`). */
  monitor: MonitorService
  catalog: CatalogService
  engine: EngineService
  /** The models folder, the library of installed files, licences and the download queue. */
  modelFiles: ModelFiles
  /** Conversations, one append-only file each under chats/. */
  chats: ChatService
  /** The OpenAI-compatible API server, as its settings say. */
  apiServer: ApiServerService
  /** Remote OpenAI-compatible engines, and which engine the chat uses. */
  remoteEngines: RemoteEngineService
  dispatch: Dispatch
  dispose(): Promise<void>
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const paths = dataPaths(options.dataDir)
  await mkdir(paths.models, { recursive: true })
  const hub = new EventHub()
  const calls = new CallTracker()
  const callsAnswered = (): Promise<void> => calls.answered()
  const settings = new SettingsStore(paths.settings, hub, { watch: true })
  const modelFiles = await openModelFiles({
    paths,
    hub,
    settings,
    ...(options.showInFolder && { showInFolder: options.showInFolder }),
    // The free disk shown follows a moved models folder from then on.
    folderMoved: (path) => hardware.modelsFolderMoved(path),
    // Hugging Face's sizes and sha256 as last listed (the cache; no request waits for the network).
    catalogModel: async (model) => (await catalog.list()).models.find((entry) => entry.id === model.id) ?? resolveModel(model)
  })
  const hardware = new HardwareService(modelFiles.folder.path, hub, (modelsDir, signal) => probeFull(modelsDir, options.spawnProbe, signal), callsAnswered)
  const monitor = new MonitorService(hub, hardware, { appProcesses: options.appProcesses })
  const catalog = new CatalogService({ cachePath: paths.catalogCache, hubOptions: async () => hubOptionsFor(await settings.get()), hub, callsAnswered })
  const engine = new EngineService({
    hub,
    hardware,
    monitor,
    spawn: options.spawnWorker ?? (() => spawnNodeWorker()),
    // EXAONE_DESKTOP_GPU=off runs llama.cpp on the CPU even where a GPU backend would load.
    gpu: process.env.EXAONE_DESKTOP_GPU === 'off' ? false : 'auto',
    library: modelFiles.library,
    settings,
    advise: loadAdvisor({ catalog, hardware }),
    draftCandidates: draftCandidates({ catalog }),
    threadCalibrationPath: paths.threadCalibration
  })
  const remoteEngines = new RemoteEngineService({ path: paths.engines, secrets: options.secrets ?? new FileSecretStore(paths.engineKeys), hub, watch: true })
  const chats = new ChatService({ store: await ConversationStore.open(paths.chats, { purgeTrash: options.purgeDeletedChats ?? false }), hub, engine, remote: remoteEngines })
  const apiServer = new ApiServerService({ settings, hub, engine, library: modelFiles.library, dataDir: paths.root })
  if (options.serveApi) await apiServer.start()

  const handlers: Handlers = {
    'app:info': () => ({
      name: productName,
      version: options.version,
      platform: process.platform,
      arch: os.arch(),
      dataDir: paths.root,
      fileDialog: options.pickGgufFile !== undefined
    }),
    'library:pick-file': async () => {
      if (!options.pickGgufFile) {
        throw new AppError({ code: 'bad-request', message: 'There is no file dialog here (the browser harness).', hint: 'Type the path of the .gguf file instead.' })
      }
      return { path: await options.pickGgufFile() }
    },
    ...settingsHandlers(settings),
    ...hardwareHandlers(hardware),
    ...monitorHandlers(monitor),
    ...catalogHandlers(catalog),
    ...engineHandlers(engine),
    ...modelFiles.handlers,
    ...chatHandlers(chats),
    ...apiServerHandlers(apiServer),
    ...remoteEngineHandlers(remoteEngines)
  }

  return {
    paths,
    hub,
    settings,
    hardware,
    monitor,
    catalog,
    engine,
    modelFiles,
    chats,
    apiServer,
    remoteEngines,
    dispatch: createDispatcher(handlers, calls),
    // Pauses downloads (their resume state on disk), closes the API server, stops the inference worker and a hardware probe.
    async dispose() {
      monitor.dispose()
      hardware.dispose()
      settings.dispose()
      await Promise.all([modelFiles.downloads.shutdown(), apiServer.dispose(), engine.dispose(), remoteEngines.dispose()])
    }
  }
}
