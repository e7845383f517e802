/**
 * The engine service as the backend composes it (library, catalog, fit advisor, worker), in a temporary models
 * folder, judged against a "what if" machine so the fit advisor's verdict does not depend on the test machine.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { EventHub } from '../../src/backend/event-hub'
import { spawnNodeWorker } from '../../src/backend/inference/spawn-node'
import { CatalogService } from '../../src/backend/services/catalog/catalog-service'
import { EngineService } from '../../src/backend/services/engine-service'
import { HardwareService } from '../../src/backend/services/hardware/hardware-service'
import { LibraryService } from '../../src/backend/services/library/library-service'
import { ModelsFolder } from '../../src/backend/services/library/models-folder'
import { sha256File } from '../../src/backend/services/library/sha256-file'
import { draftCandidates, loadAdvisor } from '../../src/backend/services/load-advice'
import { MonitorService } from '../../src/backend/services/monitor/monitor-service'
import type { QuantId } from '../../src/shared/catalog/quantisations'
import type { EngineState, StreamChunk } from '../../src/shared/engine'
import { findWhatIfProfile } from '../../src/shared/hardware-profiles'
import type { InstalledQuant } from '../../src/shared/library'
import type { Settings } from '../../src/shared/settings'
import { defaultSettings } from '../../src/shared/settings-plain'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../fixtures/gguf/exaone-models'

export interface TestEngine {
  hub: EventHub
  engine: EngineService
  library: LibraryService
  states: EngineState[]
  chunks: StreamChunk[]
  dispose(): void
}

export interface TestEngineOptions {
  /** The machine the fit advisor judges by: a "what if" profile, with its RAM replaced when given. */
  machine?: { profile: string; ramGiB?: number }
  /** What Settings says about loads (context, GPU layers, threads, KV cache type); the defaults otherwise. */
  settings?: Partial<Pick<Settings, 'contextTokens' | 'gpuLayers' | 'threads' | 'kvCacheType' | 'draftModel'>>
  env?: NodeJS.ProcessEnv
}

export function makeEngineService(folder: string, options: TestEngineOptions = {}): TestEngine {
  const hub = new EventHub()
  const profile = findWhatIfProfile(options.machine?.profile ?? 'cpu-16gb')?.hardware
  if (!profile) throw new Error(`No what-if profile ${options.machine?.profile}`)
  const ramBytes = options.machine?.ramGiB !== undefined ? options.machine.ramGiB * 1024 ** 3 : profile.ram.totalBytes
  const machine = { ...profile, ram: { ...profile.ram, totalBytes: ramBytes, availableBytes: ramBytes } }
  const hardware = new HardwareService(folder, hub, async () => machine)
  const monitor = new MonitorService(hub, hardware)
  const library = new LibraryService({ folder: new ModelsFolder(folder), events: hub })
  const catalog = new CatalogService({ cachePath: join(folder, 'catalog-cache.json'), hubOptions: async () => ({ endpoint: 'http://127.0.0.1:1' }), checkOnline: false })
  const engine = new EngineService({
    hub,
    hardware,
    monitor,
    library,
    settings: { get: async () => ({ ...defaultSettings, ...options.settings }) },
    spawn: () => spawnNodeWorker(undefined, options.env),
    gpu: false,
    advise: loadAdvisor({ catalog, hardware }),
    draftCandidates: draftCandidates({ catalog }),
    threadCalibrationPath: join(folder, 'thread-calibration.json')
  })
  const states: EngineState[] = []
  const chunks: StreamChunk[] = []
  hub.on('engine:state', (state) => states.push(state))
  hub.on('engine:stream', (chunk) => chunks.push(chunk))
  return {
    hub,
    engine,
    library,
    states,
    chunks,
    dispose: () => {
      engine.dispose()
      monitor.dispose()
    }
  }
}

/** Puts a GGUF file into the library as an imported model, the way `library:import` records one. */
export async function installAs(library: LibraryService, file: string, modelId: string, quantId: QuantId): Promise<InstalledQuant> {
  const name = `${modelId}-${quantId}.gguf`
  const path = library.folder.file(name)
  await copyFile(file, path)
  const [sha256, { size }] = await Promise.all([sha256File(path), stat(path)])
  return library.install({ modelId, quantId, files: [{ name, sizeBytes: size, sha256 }], source: 'import', revision: null, officialChecksum: false, check: 'unverified' })
}

/** The model the benches measure: EXAONE 4.0 1.2B's shape at Q8_0 (random weights), installed under `dir` and loaded. */
export async function loadedBenchModel(dir: string, load: { contextSize: number; sequences: number }): Promise<TestEngine> {
  const { path } = await writeTinyExaone4(join(dir, 'exaone4-1.2b-shape-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
  await mkdir(join(dir, 'models'))
  const service = makeEngineService(join(dir, 'models'))
  await installAs(service.library, path, 'exaone-4.0-1.2b', 'Q8_0')
  await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', ...load })
  return service
}
