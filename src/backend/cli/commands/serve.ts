import { apiServerSettings, defaultApiPort, loopbackHost } from '../../../shared/api-server'
import { AppError } from '../../../shared/errors'
import { modelReference } from '../../../shared/library-plain'
import { startApiServer } from '../../api/server'
import { hashApiKey } from '../../api/security'
import { createBackend } from '../../backend'
import { installedModel, parseModelReference } from '../../services/library/installed-model'
import { resolveDataDir } from '../../paths'
import { appVersion } from '../../version'
import { apiKeyFrom, apiKeyOptions, type Command, type Values } from '../command'

export const serve: Command = {
  summary: 'Run the OpenAI-compatible API server without the window',
  help: `Usage: exaone-desktop serve [--port N] [--host H] [--api-key K | --api-key-stdin] [--model <model[:precision]>] [--parallel N]

Serves /v1/models, /v1/chat/completions and /v1/completions (OpenAI's API) until Ctrl-C or SIGTERM, and prints
its base URL. Models load when a request names one; allowed origins and the reasoning field come from
Settings > API server.
  --port N          port (default: the Settings value, else ${defaultApiPort})
  --host H          address to listen on (default ${loopbackHost}); any other needs an API key
  --api-key K       the key clients must send as "Authorization: Bearer K" (default: the key generated in Settings)
  --api-key-stdin   the same key, read from standard input's first line: not seen in the machine's process list
  --model M         load this installed model now, e.g. exaone-4.0-1.2b:Q4_K_M
  --parallel N      answers written at once (default: what fits, at most 4)`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    ...apiKeyOptions,
    model: { type: 'string' },
    parallel: { type: 'string' }
  },
  async run(values) {
    const port = integer(values, 'port', 0, 65_535)
    const sequences = integer(values, 'parallel', 1, 16)
    const key = await apiKeyFrom(values)
    const backend = await createBackend({ dataDir: resolveDataDir(), version: appVersion })
    try {
      const settings = apiServerSettings((await backend.settings.get()).apiServer)
      if (values.model) {
        const { modelId, quantId } = parseModelReference(values.model as string)
        const installed = installedModel((await backend.modelFiles.library.snapshot()).installed, modelId, quantId)
        const loaded = await backend.engine.load({ modelId: installed.modelId, quantId: installed.quantId, ...(sequences !== undefined && { sequences }) })
        process.stderr.write(`Loaded ${modelReference(installed)} (context ${loaded.contextSize}, ${loaded.sequences} at once)\n`)
      }
      const server = await startApiServer({
        engine: backend.engine,
        library: backend.modelFiles.library,
        hub: backend.hub,
        host: (values.host as string | undefined) ?? loopbackHost,
        port: port ?? settings.port,
        keyHash: key ? hashApiKey(key) : settings.keyHash,
        allowedOrigins: settings.allowedOrigins,
        reasoningField: settings.reasoningField,
        idleUnloadMs: values.model ? 0 : settings.idleUnloadMinutes * 60_000,
        log: backend.apiServer.log,
        ...(sequences !== undefined && { sequences })
      })
      backend.hub.on('api-server:request', (entry) => {
        const tokens = entry.completionTokens !== null ? ` ${entry.promptTokens} + ${entry.completionTokens} tokens` : ''
        process.stderr.write(`${entry.time} ${entry.method} ${entry.path} ${entry.status}${entry.model ? ` ${entry.model}` : ''}${tokens}${entry.finish ? ` ${entry.finish}` : ''} ${entry.ms} ms\n`)
      })
      // Listening for the signals before the URL is out, so a client that stops the server at once stops it cleanly.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'))
        process.once('SIGTERM', () => resolve('SIGTERM'))
      })
      console.log(server.url)
      process.stderr.write(`EXAONE API server on ${server.url} (${key || settings.keyHash ? 'API key required' : 'no key: this machine only'}). Ctrl-C stops it.\n`)
      const signal = await stopped
      process.stderr.write(`${signal}: stopping.\n`)
      await server.close()
      return 0
    } finally {
      await backend.dispose()
    }
  }
}

function integer(values: Values, name: string, min: number, max: number): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError({ code: 'bad-request', message: `--${name} must be a whole number from ${min} to ${max}, not "${String(raw)}".` })
  }
  return value
}
