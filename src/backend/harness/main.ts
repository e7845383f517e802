/** `npm run web`: the real backend and the built renderer, for any browser on this machine. */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createBackend } from '../backend'
import { resolveDataDir } from '../paths'
import { appVersion } from '../version'
import { startHarness } from './server'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    home: { type: 'string' },
    renderer: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help) {
  console.log(`Usage: npm run web -- [--port N] [--home DIR] [--renderer DIR]

Serves the app's real UI and backend on 127.0.0.1 for a browser. Open the printed URL (it carries the
access token). --port picks the port (default: a free one); --home the data folder (default: the app's own,
or EXAONE_DESKTOP_HOME); --renderer the built renderer (default: out/renderer, made by npm run build).`)
  process.exit(0)
}

// Built, this file is out/main/harness.js, beside out/renderer; from source it is src/backend/harness/main.ts.
const rendererDir = values.renderer ?? fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../../out/renderer' : '../renderer', import.meta.url))
if (!existsSync(`${rendererDir}/index.html`)) {
  console.error(`No built renderer in ${rendererDir}. Run "npm run build" first (npm run web does it for you).`)
  process.exit(1)
}
const port = values.port === undefined ? 0 : Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  process.exit(2)
}

const backend = await createBackend({ dataDir: values.home ?? resolveDataDir(), version: appVersion, purgeDeletedChats: true, serveApi: true })
const harness = await startHarness({ backend, rendererDir, port }).catch((error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} is already in use; pick another with --port.` : error.message)
  process.exit(1)
})

console.log(`EXAONE Desktop is running in browser mode. Data: ${backend.paths.root}`)
console.log(`Open ${harness.url}`)

const stop = (): void => {
  void harness.close().then(() => backend.dispose()).then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
