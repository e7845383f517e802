/**
 * The fake Hugging Face as its own process, for trying the CLI or the browser harness by hand and for the
 * download benchmark (which must not share a CPU thread with the downloader it measures).
 *   node --import tsx test/helpers/serve-fake-hf.ts [--rate BYTES_PER_SECOND] [--gated] [--q8-file PATH --q8-sha256 HEX]
 * --gated adds EXAONE Deep 2.4B behind a token nobody has, to see the "needs a token" error.
 * Prints "HF_ENDPOINT=http://127.0.0.1:PORT"; stops on SIGTERM or SIGINT.
 */
import { stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startFakeHub, type FakeRepo } from './fake-hf-server'
import { exaoneCommit, exaoneRepo, fakeExaoneRepo, fakeGatedDeepRepo, makeFakeExaoneFiles } from './fake-models'

const { values } = parseArgs({ options: { rate: { type: 'string' }, gated: { type: 'boolean' }, 'q8-file': { type: 'string' }, 'q8-sha256': { type: 'string' } } })

async function reposToServe(): Promise<FakeRepo[]> {
  const bigFile = values['q8-file']
  if (bigFile) {
    const size = (await stat(bigFile)).size
    return [{ repo: exaoneRepo, commit: exaoneCommit, files: [{ name: 'EXAONE-4.0-1.2B-Q8_0.gguf', path: bigFile, size, sha256: values['q8-sha256'] ?? '' }] }]
  }
  const files = await makeFakeExaoneFiles()
  return [fakeExaoneRepo(files), ...(values.gated ? [fakeGatedDeepRepo(files, 'hf_nobody_has_this')] : [])]
}

const server = await startFakeHub({ repos: await reposToServe() })
if (values.rate) server.setRate(Number(values.rate))
console.log(`HF_ENDPOINT=${server.endpoint}`)

const stop = (): void => void server.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
