/**
 * The app's own OpenAI-compatible API server as a process of its own: what a remote engine (a GPU box running
 * EXAONE Desktop) looks like to the window in the e2e tests. It serves a generated tiny EXAONE 4.0 installed as
 * exaone-4.0-1.2b:Q4_K_M, with weights seed 2, whose greedy answers run to the token limit (so a long answer is long
 * enough to be cut off).
 *   node --import tsx test/helpers/serve-remote-api.ts --folder DIR [--port PORT]
 * Prints "REMOTE_API=http://127.0.0.1:PORT/v1"; stops on SIGTERM. A SIGKILL is how a test drops it mid-answer:
 * its inference worker exits with it (the worker leaves when its parent's channel closes).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { RequestLog } from '../../src/backend/api/request-log'
import { startApiServer } from '../../src/backend/api/server'
import { writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import { loopbackServerOptions } from './api-server'
import { installAs, makeEngineService } from './engine-service'

const { values } = parseArgs({ options: { folder: { type: 'string' }, port: { type: 'string' } } })
if (!values.folder) throw new Error('--folder DIR is where the model and the library live')
await mkdir(values.folder, { recursive: true })

const service = makeEngineService(values.folder)
const model = await writeTinyExaone4(join(values.folder, 'tiny-exaone4-seed2.gguf'), { seed: 2 })
await installAs(service.library, model.path, 'exaone-4.0-1.2b', 'Q4_K_M')
const server = await startApiServer({ ...loopbackServerOptions(service, new RequestLog(null)), port: Number(values.port ?? 0) })
console.log(`REMOTE_API=${server.url}`)

const stop = (): void =>
  void server.close().then(() => {
    service.dispose()
    process.exit(0)
  })
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
