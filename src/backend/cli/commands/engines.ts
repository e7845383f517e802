import { AppError } from '../../../shared/errors'
import type { RemoteEngine, RemoteModel } from '../../../shared/remote-engines'
import { EventHub } from '../../event-hub'
import { dataPaths, resolveDataDir } from '../../paths'
import { RemoteEngineService } from '../../services/remote/remote-engine-service'
import { FileSecretStore } from '../../services/remote/secret-store'
import { apiKeyFrom, apiKeyOptions, jsonOption, type Command, type Values } from '../command'

const usage = `Usage: exaone-desktop engines list [--json]
       exaone-desktop engines add --name NAME --url URL [--api-key KEY | --api-key-stdin] [--model ID] [--allow-insecure-http] [--json]
       exaone-desktop engines test NAME | --url URL [--api-key KEY | --api-key-stdin] [--allow-insecure-http] [--json]
       exaone-desktop engines use NAME [--model ID] | local
       exaone-desktop engines remove NAME`

/** The registry the window uses (engines.json and engine-keys.json in the data folder), opened by the CLI. */
export function openRemoteEngines(): RemoteEngineService {
  const paths = dataPaths(resolveDataDir())
  return new RemoteEngineService({ path: paths.engines, secrets: new FileSecretStore(paths.engineKeys), hub: new EventHub() })
}

export const engines: Command = {
  summary: 'Remote OpenAI-compatible engines (vLLM, SGLang, llama-server, Ollama, hosted APIs): list, add, test, use, remove',
  help: `${usage}

The same engines as the window's Settings > Engines. Adding one asks it for its models first (GET /v1/models) and
is refused, with the reason, when that fails. An address without a path gets /v1 (http://gpu-box:8000 means
http://gpu-box:8000/v1). Plain http to another machine needs --allow-insecure-http (the key and the chat travel
unencrypted). Keys are kept in engine-keys.json, readable by you only; a key saved by the app is sealed by the
system keychain and cannot be read here (pass --api-key). --api-key-stdin reads the key from standard input's first
line instead (--api-key-stdin < key.txt), where other users of the machine cannot see it in the process list.
"use" picks the engine the window's chat answers with.`,
  options: {
    ...jsonOption,
    name: { type: 'string' },
    url: { type: 'string' },
    ...apiKeyOptions,
    model: { type: 'string' },
    'allow-insecure-http': { type: 'boolean' }
  },
  async run(values, positionals) {
    const [action, target, ...extra] = positionals
    const remote = openRemoteEngines()
    try {
      if (action === 'list' && target === undefined) {
        const { engines: list, active } = await remote.list()
        if (values.json) console.log(JSON.stringify({ engines: list, active }, null, 2))
        else if (list.length === 0) console.log('No remote engines. Add one: exaone-desktop engines add --name NAME --url URL')
        else for (const engine of list) console.log(describe(engine, active.kind === 'remote' && active.engineId === engine.id ? active.modelId : null))
        return 0
      }
      if (action === 'add' && target === undefined) {
        const engine = await remote.add({ name: required(values, 'name'), baseUrl: required(values, 'url'), ...(await connection(values)) })
        if (values.json) console.log(JSON.stringify(engine, null, 2))
        else console.log(`Added ${describe(engine, null)}`)
        return 0
      }
      if (action === 'test' && extra.length === 0) {
        const input =
          target === undefined
            ? { name: 'the server', baseUrl: required(values, 'url'), ...(await connection(values)) }
            : await savedInput(remote, target, values)
        const result = await remote.test(input)
        if (values.json) console.log(JSON.stringify(result, null, 2))
        else console.log(`OK in ${result.ms} ms: ${modelList(result.models)}`)
        return 0
      }
      if (action === 'use' && target !== undefined && extra.length === 0) {
        if (target === 'local') {
          await remote.use({ kind: 'local' })
          console.error('The chat uses the local engine.')
          return 0
        }
        const engine = await remote.find(target)
        const modelId = (values.model as string | undefined) ?? engine.modelId ?? engine.models[0]?.id
        if (modelId === undefined) throw new AppError({ code: 'not-found', engineName: engine.name, message: `${engine.name} listed no models when it was added.`, hint: `Test it again: exaone-desktop engines test "${engine.name}"` })
        await remote.use({ kind: 'remote', engineId: engine.id, modelId })
        console.error(`The chat uses ${modelId} on ${engine.name}.`)
        return 0
      }
      if (action === 'remove' && target !== undefined && extra.length === 0) {
        const engine = await remote.find(target)
        await remote.remove(engine.id)
        console.error(`Removed ${engine.name} and its key.`)
        return 0
      }
      throw new AppError({ code: 'bad-request', message: 'Say list, add, test, use or remove.', hint: usage })
    } finally {
      await remote.dispose()
    }
  }
}

function required(values: Values, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new AppError({ code: 'bad-request', message: `--${name} is needed.`, hint: usage })
  return value
}

/** The options that say how to reach a server. */
export async function connection(values: Values): Promise<{ apiKey?: string; modelId?: string; allowInsecureHttp?: boolean }> {
  const apiKey = await apiKeyFrom(values)
  return {
    ...(apiKey !== undefined && { apiKey }),
    ...(typeof values.model === 'string' && { modelId: values.model }),
    ...(values['allow-insecure-http'] === true && { allowInsecureHttp: true })
  }
}

/** A saved engine as a test input, with its key unless --api-key gives another. */
async function savedInput(remote: RemoteEngineService, nameOrId: string, values: Values) {
  const engine = await remote.find(nameOrId)
  return { name: engine.name, baseUrl: engine.baseUrl, allowInsecureHttp: engine.allowInsecureHttp, engineId: engine.id, ...(engine.modelId !== null && { modelId: engine.modelId }), ...(await connection(values)) }
}

function modelList(models: RemoteModel[]): string {
  if (models.length === 0) return 'no models listed'
  return models.map((model) => (model.contextLength === null ? model.id : `${model.id} (context ${model.contextLength.toLocaleString('en')})`)).join(', ')
}

function describe(engine: RemoteEngine, activeModel: string | null): string {
  const flags = [engine.hasKey ? 'key saved' : 'no key', ...(engine.allowInsecureHttp ? ['plain http allowed'] : []), ...(activeModel ? [`chat uses ${activeModel}`] : [])]
  return `${engine.name}  ${engine.baseUrl}  [${flags.join(', ')}]\n  models: ${modelList(engine.models)}`
}
