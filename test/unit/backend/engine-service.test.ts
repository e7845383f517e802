/**
 * The engine service's decisions before any worker starts: which installed model a load names, and the fit
 * advisor (real, on a generated EXAONE file and a "what if" machine) refusing one that will not fit.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Handlers } from '../../../src/backend/dispatcher'
import { fastestThreads } from '../../../src/backend/inference/thread-calibration'
import { engineHandlers } from '../../../src/backend/services/engine-service'
import { probeFast } from '../../../src/backend/services/hardware/fast-probe'
import { threadCandidates } from '../../../src/backend/services/thread-calibrations'
import { removeTinyModels, tinyModelPath } from '../../fixtures/gguf/exaone-models'
import { installAs, makeEngineService, type TestEngine } from '../../helpers/engine-service'
import { failure } from '../../helpers/failure'

describe('inference threads', () => {
  it('are calibrated among every count up to 4 cores, and among half and the top three beyond, never more than usable', () => {
    expect([1, 2, 4, 6, 8, 16].map((cores) => threadCandidates(cores, 64))).toEqual([[1], [1, 2], [1, 2, 3, 4], [3, 4, 5, 6], [4, 6, 7, 8], [8, 14, 15, 16]])
    expect(threadCandidates(8, 2)).toEqual([1, 2])
  })

  it('chooses the fastest count, the fewest threads among equals', () => {
    expect(fastestThreads([{ threads: 1, tokensPerSecond: 9 }, { threads: 2, tokensPerSecond: 14 }])).toBe(2)
    expect(fastestThreads([{ threads: 1, tokensPerSecond: 600 }, { threads: 2, tokensPerSecond: 21 }])).toBe(1)
    expect(fastestThreads([{ threads: 2, tokensPerSecond: 5 }, { threads: 1, tokensPerSecond: 5 }])).toBe(1)
  })
})

describe('engine service loads', () => {
  let folder: string
  let tiny: string
  let service: TestEngine
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'exaone-engine-service-unit-'))
    tiny = await tinyModelPath('exaone4')
  })
  afterEach(() => service?.dispose())
  afterAll(async () => {
    await removeTinyModels()
    await rm(folder, { recursive: true, force: true })
  })

  it('refuses a model the fit advisor says will not fit, without starting a worker or counting it as used', async () => {
    service = makeEngineService(folder, { machine: { profile: 'cpu-16gb', ramGiB: 1 } })
    await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
    const error = await failure(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }))
    expect(error.code).toBe('wont-fit')
    expect(error.message).toMatch(/will not fit in this machine's memory/)
    // The reasons travel as data too, for the window to say in the user's language.
    expect(error.fitReasons).toContainEqual(expect.objectContaining({ code: 'too-large' }))
    expect(service.states).toEqual([])
    expect(service.engine.workerPid).toBeUndefined()
    expect((await service.library.find('exaone-4.0-1.2b', 'Q8_0'))?.lastUsedAt).toBeNull()
  })

  it('loads a refused model when told to anyway ("Load anyway", --force)', async () => {
    service = makeEngineService(folder, { machine: { profile: 'cpu-16gb', ramGiB: 1 } })
    await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
    expect((await failure(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }))).hint).toMatch(/Load anyway.*--force/)
    await expect(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 256, override: true })).resolves.toMatchObject({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })
    expect(service.engine.state.status).toBe('ready')
  })

  it('loads with what Settings says when the load does not: context, threads, layers', async () => {
    service = makeEngineService(folder, { settings: { contextTokens: 512, threads: 1, gpuLayers: 0 } })
    await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
    await expect(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' })).resolves.toMatchObject({ contextSize: 512, threads: 1, gpuLayers: 0 })
    // What the load says wins.
    await expect(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 1024 })).resolves.toMatchObject({ contextSize: 1024, threads: 1 })
  })

  it('measures the threads at the first load of a model on a machine, and remembers them for the next loads there', async () => {
    const calibrating = await mkdtemp(join(tmpdir(), 'exaone-calibration-'))
    try {
      service = makeEngineService(calibrating)
      await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
      const first = await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 512 })
      const { cpu } = await probeFast(calibrating)
      expect(first.threadCalibration?.runs.map((run) => run.threads)).toEqual(threadCandidates(cpu.cores))
      expect(first.threadCalibration?.runs.every((run) => run.tokensPerSecond > 0)).toBe(true)
      expect(first.threads).toBe(fastestThreads(first.threadCalibration?.runs ?? []))
      const key = first.threadCalibration?.key ?? ''
      expect(key).toBe(`${cpu.brand}, ${cpu.cores} cores, ${cpu.threads} threads | cpu | exaone4 3 layers ${key.match(/(\d+) bytes/)?.[1]} bytes | 0 layers on the GPU`)
      const file = join(calibrating, 'thread-calibration.json')
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ [key]: first.threads })

      // Another context is the same model shape: no new measurement.
      const second = await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 1024 })
      expect(second).toMatchObject({ threads: first.threads, contextSize: 1024 })
      expect(second.threadCalibration).toBeUndefined()

      // What another CPU measured does not count here.
      await writeFile(file, JSON.stringify({ [key.replace(cpu.brand, 'Another CPU')]: 7 }))
      const moved = await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 512 })
      expect(moved.threadCalibration?.key).toBe(key)
      expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toHaveLength(2)
    } finally {
      await rm(calibrating, { recursive: true, force: true })
    }
  })

  it('lets a much smaller installed model of the family draft where Settings say "auto", none where nothing is smaller', async () => {
    service = makeEngineService(await mkdtemp(join(folder, 'drafting-')), { settings: { draftModel: 'auto', threads: 1 } })
    const small = await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
    await installAs(service.library, tiny, 'exaone-4.0-32b', 'Q8_0')
    const large = await service.engine.load({ modelId: 'exaone-4.0-32b', quantId: 'Q8_0', contextSize: 512 })
    expect(large.draft).toEqual({ path: small.path, name: expect.any(String) })
    expect((await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 512 })).draft).toBeUndefined()
  })

  it('loads without a draft model while Settings leave it off', async () => {
    service = makeEngineService(await mkdtemp(join(folder, 'drafting-')), { settings: { threads: 1 } })
    await installAs(service.library, tiny, 'exaone-4.0-1.2b', 'Q8_0')
    await installAs(service.library, tiny, 'exaone-4.0-32b', 'Q8_0')
    expect((await service.engine.load({ modelId: 'exaone-4.0-32b', quantId: 'Q8_0', contextSize: 512 })).draft).toBeUndefined()
  })

  it('says which model id it does not know, and where to see the installed ones', async () => {
    service = makeEngineService(folder)
    const error = await failure(service.engine.load({ modelId: 'exaone-9', quantId: 'Q4_K_M' }))
    expect(error.code).toBe('not-found')
    expect(error.message).toBe('There is no EXAONE model with the id "exaone-9".')
    expect(error.hint).toMatch(/Installed: exaone-4\.0-1\.2b:Q8_0 .*exaone-desktop list/)
  })

  it('takes {modelId, quantId} or {path}, and says so when given neither or both', async () => {
    service = makeEngineService(folder)
    const dispatch = createDispatcher(engineHandlers(service.engine) as Handlers)
    for (const args of [{ modelId: 'exaone-4.0-1.2b' }, { path: '/m/a.gguf', modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0' }, {}]) {
      const reply = await dispatch('engine:load', args as never)
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/\{modelId, quantId\}.*\{path\}, not both/) } })
    }
  })

  it('says a known model is not installed, and how to download it', async () => {
    service = makeEngineService(folder)
    const error = await failure(service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q4_K_M' }))
    expect(error.message).toBe('EXAONE 4.0 1.2B Q4_K_M is not installed.')
    expect(error.hint).toMatch(/exaone-desktop download exaone-4\.0-1\.2b Q4_K_M --accept-licence/)
    expect(service.engine.state).toEqual({ status: 'idle' })
  })
})
