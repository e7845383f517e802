/**
 * This app's own API server (`exaone-desktop serve`) in another process, as the remote engine the e2e tests and
 * screenshots chat with: its data folder holds a generated tiny EXAONE 4.0 installed as exaone-4.0-1.2b:Q4_K_M,
 * loaded before it listens. Weights seed 2: greedy answers run to the token limit, so a long one is long enough to
 * be cut off. The file holds 4,096 tokens of context.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LibraryService } from '../../src/backend/services/library/library-service'
import { ModelsFolder } from '../../src/backend/services/library/models-folder'
import { writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import { testModel } from './api-server'
import { installAs } from './engine-service'
import { serveProcess } from './serve-process'

export interface RunningRemoteApi {
  /** http://127.0.0.1:PORT/v1 */
  url: string
  port: number
  process: ChildProcess
}

/** Starts it on `port` (a free one when 0) with its data folder `home`; the same home and port start it again. */
export async function startRemoteApiProcess(home: string, port = 0): Promise<RunningRemoteApi> {
  const models = join(home, 'models')
  if (!existsSync(models)) {
    await mkdir(models, { recursive: true })
    const model = await writeTinyExaone4(join(home, 'tiny-exaone4-seed2.gguf'), { seed: 2 })
    await installAs(new LibraryService({ folder: new ModelsFolder(models) }), model.path, 'exaone-4.0-1.2b', 'Q4_K_M')
  }
  const { child, url } = serveProcess(home, ['--model', testModel, ...(port ? ['--port', String(port)] : [])])
  const printed = await url
  return { url: printed, port: Number(new URL(printed).port), process: child }
}
