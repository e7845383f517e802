/**
 * The remote engines the user added (engines.json in the data folder; their keys in the secret store) and which
 * engine the chat uses. Adding or changing an engine's address or key tests it first: one that cannot be reached
 * is not saved, and the error says why. The choice survives a restart; removing the chosen engine falls back to
 * the local one.
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import {
  EngineChoice,
  RemoteModel,
  type RemoteEngine,
  type RemoteEngineChange,
  type RemoteEngineInput,
  type RemoteEngines,
  type RemoteTestResult,
  type remoteEngineRequests
} from '../../../shared/remote-engines'
import type { Handlers } from '../../dispatcher'
import type { EventHub } from '../../event-hub'
import { readJsonFile, SharedJsonFile } from '../../json-file'
import { defaultRemoteTimeouts, normaliseBaseUrl, remoteAgents, type RemoteAgents, type RemoteTarget, type RemoteTimeouts } from './remote-http'
import { catalogEntryForRemote } from '../../../shared/chat-recommendations'
import type { Answerer } from '../chats/chat-service'
import { RemoteChat, serverFlavour, type RemoteChatTarget, type RetryPolicy } from './remote-chat'
import { listRemoteModels } from './remote-models'
import type { SecretStore } from './secret-store'

const StoredEngine = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  modelId: z.string().nullable(),
  allowInsecureHttp: z.boolean(),
  models: z.array(RemoteModel),
  checkedAt: z.string().nullable()
})
type StoredEngine = z.infer<typeof StoredEngine>

const Registry = z.object({ engines: z.array(StoredEngine), active: EngineChoice })
type Registry = z.infer<typeof Registry>

const emptyRegistry: Registry = { engines: [], active: { kind: 'local' } }

export interface RemoteEngineServiceOptions {
  /** engines.json */
  path: string
  secrets: SecretStore
  hub: EventHub
  timeouts?: Partial<RemoteTimeouts>
  retry?: RetryPolicy
  /**
   * Follow engines.json as other processes change it (the window's backend; the CLI, which only lives for one
   * change, does not): an engine the CLI adds, removes or picks reaches the window as `engines:changed`.
   */
  watch?: boolean
}

/** A saved engine with everything needed to call it (its key included): the backend's own view, never sent out. */
export interface ResolvedEngine extends RemoteTarget {
  id: string
  modelId: string | null
  models: RemoteModel[]
}

/** "My GPU box" → "my-gpu-box"; a taken id gets -2, -3… */
export function engineIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'engine'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}

export class RemoteEngineService {
  readonly timeouts: RemoteTimeouts
  readonly agents: RemoteAgents
  readonly chat: RemoteChat
  private readonly file: SharedJsonFile<Registry>

  constructor(private readonly options: RemoteEngineServiceOptions) {
    this.timeouts = { ...defaultRemoteTimeouts, ...options.timeouts }
    this.agents = remoteAgents(this.timeouts)
    this.chat = new RemoteChat({ hub: options.hub, agents: this.agents, timeouts: this.timeouts, ...(options.retry && { retry: options.retry }) })
    const announce = async (): Promise<void> => options.hub.emit('engines:changed', await this.list())
    this.file = new SharedJsonFile(options.path, () => readJsonFile(options.path, Registry, emptyRegistry), options.watch ? announce : undefined)
  }

  async list(): Promise<RemoteEngines> {
    const registry = await this.file.get()
    const engines = await Promise.all(registry.engines.map((engine) => this.toPublic(engine)))
    return { engines, active: registry.active }
  }

  /** The engine the chat uses, resolved with its key; null for the local engine. */
  async active(): Promise<{ engine: ResolvedEngine; modelId: string } | null> {
    const { active } = await this.file.get()
    if (active.kind === 'local') return null
    return { engine: await this.resolve(active.engineId), modelId: active.modelId }
  }

  /** What the chat service asks: the chosen remote model, ready to answer; null while the chat uses the local engine. */
  async answerer(): Promise<Answerer | null> {
    const chosen = await this.active()
    return chosen && this.answererFor(chosen.engine, chosen.modelId)
  }

  /** A remote model as the chat's answerer (also the CLI's `chat --engine`). */
  answererFor(engine: ResolvedEngine, modelId: string): Answerer {
    const target = chatTarget(engine, modelId)
    return {
      name: `${modelId} · ${engine.name}`,
      entry: target.entry,
      engine: { generate: (request) => this.chat.generate(target, request), abort: (requestId) => this.chat.abort(requestId) }
    }
  }

  /** By id, or by name as the CLI's --engine takes it (case-insensitive). */
  async find(idOrName: string): Promise<ResolvedEngine> {
    const { engines } = await this.file.get()
    const wanted = idOrName.toLowerCase()
    const engine = engines.find((candidate) => candidate.id === idOrName) ?? engines.find((candidate) => candidate.name.toLowerCase() === wanted)
    if (!engine) {
      const names = engines.map((candidate) => candidate.name)
      throw new AppError({
        code: 'not-found',
        message: `There is no remote engine "${idOrName}".`,
        hint: names.length > 0 ? `The engines are: ${names.join(', ')}.` : 'Add one first (Settings > Engines, or `engines add`).'
      })
    }
    return this.resolve(engine.id)
  }

  async resolve(engineId: string): Promise<ResolvedEngine> {
    const engine = this.stored(await this.file.get(), engineId)
    const apiKey = await this.options.secrets.get(engine.id)
    return { id: engine.id, name: engine.name, baseUrl: engine.baseUrl, apiKey, allowInsecureHttp: engine.allowInsecureHttp, modelId: engine.modelId, models: engine.models }
  }

  /** Asks the server for its models, without saving anything. */
  async test(input: RemoteEngineInput & { engineId?: string | undefined }): Promise<RemoteTestResult> {
    const savedKey = input.apiKey === undefined && input.engineId !== undefined ? await this.options.secrets.get(this.stored(await this.file.get(), input.engineId).id) : undefined
    return this.probe({
      name: input.name,
      baseUrl: normaliseBaseUrl(input.baseUrl),
      apiKey: input.apiKey || savedKey,
      allowInsecureHttp: input.allowInsecureHttp ?? false,
      modelId: input.modelId ?? null
    })
  }

  async add(input: RemoteEngineInput): Promise<RemoteEngine> {
    const baseUrl = normaliseBaseUrl(input.baseUrl)
    const allowInsecureHttp = input.allowInsecureHttp ?? false
    const modelId = input.modelId ?? null
    const { models } = await this.probe({ name: input.name, baseUrl, apiKey: input.apiKey, allowInsecureHttp, modelId })
    let added: StoredEngine | undefined
    await this.change(async (registry) => {
      this.refuseTakenName(registry, input.name)
      const id = engineIdFor(input.name, new Set(registry.engines.map((engine) => engine.id)))
      added = { id, name: input.name, baseUrl, modelId, allowInsecureHttp, models, checkedAt: new Date().toISOString() }
      if (input.apiKey) await this.options.secrets.set(id, input.apiKey)
      return { ...registry, engines: [...registry.engines, added] }
    })
    return this.toPublic(added!)
  }

  /** A change of address, key, model (null: all the server's) or the http consent tests again; a rename alone does not. */
  async update(change: RemoteEngineChange): Promise<RemoteEngine> {
    const { engineId, ...fields } = change
    const before = this.stored(await this.file.get(), engineId)
    const next: StoredEngine = {
      ...before,
      ...(fields.name !== undefined && { name: fields.name }),
      ...(fields.baseUrl !== undefined && { baseUrl: normaliseBaseUrl(fields.baseUrl) }),
      ...(fields.modelId !== undefined && { modelId: fields.modelId }),
      ...(fields.allowInsecureHttp !== undefined && { allowInsecureHttp: fields.allowInsecureHttp })
    }
    const connectionChanged =
      fields.apiKey !== undefined || next.baseUrl !== before.baseUrl || next.modelId !== before.modelId || next.allowInsecureHttp !== before.allowInsecureHttp
    if (connectionChanged) {
      const apiKey = fields.apiKey === undefined ? await this.options.secrets.get(engineId) : fields.apiKey || undefined
      const { models } = await this.probe({ ...next, apiKey })
      next.models = models
      next.checkedAt = new Date().toISOString()
    }
    await this.change(async (registry) => {
      if (next.name !== before.name) this.refuseTakenName(registry, next.name, engineId)
      if (fields.apiKey === '') await this.options.secrets.delete(engineId)
      else if (fields.apiKey !== undefined) await this.options.secrets.set(engineId, fields.apiKey)
      const engines = registry.engines.map((engine) => (engine.id === engineId ? next : engine))
      return { engines, active: this.stillValid(registry.active, engines) }
    })
    return this.toPublic(next)
  }

  async remove(engineId: string): Promise<{ removed: boolean }> {
    let removed = false
    await this.change(async (registry) => {
      const engines = registry.engines.filter((engine) => engine.id !== engineId)
      removed = engines.length < registry.engines.length
      if (removed) await this.options.secrets.delete(engineId)
      return { engines, active: this.stillValid(registry.active, engines) }
    })
    return { removed }
  }

  /** The chat's engine from now on; a remote model must be one its engine serves. */
  async use(choice: EngineChoice): Promise<RemoteEngines> {
    await this.change(async (registry) => {
      if (choice.kind === 'remote') {
        const engine = this.stored(registry, choice.engineId)
        const served = servedModels(engine)
        if (served.length > 0 && !served.some((model) => model.id === choice.modelId)) {
          throw new AppError({
            code: 'not-found',
            engineName: engine.name,
            message: `${engine.name} does not serve a model "${choice.modelId}".`,
            hint: `It serves: ${served.map((model) => model.id).join(', ')}.`
          })
        }
      }
      return { ...registry, active: choice }
    })
    return this.list()
  }

  dispose(): Promise<void> {
    this.file.close()
    return this.agents.close()
  }

  private async probe(target: RemoteTarget & { modelId: string | null }): Promise<RemoteTestResult> {
    const startedAt = performance.now()
    const listed = await listRemoteModels(target, this.agents, this.timeouts)
    const models = target.modelId === null ? listed : listed.filter((model) => model.id === target.modelId)
    if (target.modelId !== null && models.length === 0) {
      throw new AppError({
        code: 'not-found',
        engineName: target.name,
        message: `${target.name} answers, but does not serve a model "${target.modelId}".`,
        hint: listed.length > 0 ? `It serves: ${listed.map((model) => model.id).join(', ')}.` : 'It lists no models at all; check that one is loaded there.'
      })
    }
    return { models, ms: Math.round(performance.now() - startedAt) }
  }

  private stored(registry: Registry, engineId: string): StoredEngine {
    const engine = registry.engines.find((candidate) => candidate.id === engineId)
    if (!engine) throw new AppError({ code: 'not-found', message: `There is no remote engine "${engineId}".`, hint: 'It may have been removed; see Settings > Engines.' })
    return engine
  }

  private refuseTakenName(registry: Registry, name: string, except?: string): void {
    const wanted = name.toLowerCase()
    if (registry.engines.some((engine) => engine.id !== except && engine.name.toLowerCase() === wanted)) {
      throw new AppError({ code: 'bad-request', message: `There is already an engine named "${name}".`, hint: 'Give this one another name.' })
    }
  }

  /** The choice, unless its engine is gone (then the local engine) or now limited to another model (then that one). */
  private stillValid(active: EngineChoice, engines: StoredEngine[]): EngineChoice {
    if (active.kind === 'local') return active
    const engine = engines.find((candidate) => candidate.id === active.engineId)
    if (!engine) return { kind: 'local' }
    const served = servedModels(engine)
    return served.length === 0 || served.some((model) => model.id === active.modelId) ? active : { ...active, modelId: served[0]!.id }
  }

  private async toPublic(engine: StoredEngine): Promise<RemoteEngine> {
    return { ...engine, models: servedModels(engine), hasKey: await this.options.secrets.has(engine.id) }
  }

  /** Edits run one after another, each on the file as it is then (the CLI may have changed it), then announced. */
  private async change(edit: (registry: Registry) => Promise<Registry>): Promise<void> {
    await this.file.change(edit)
    this.options.hub.emit('engines:changed', await this.list())
  }
}

/** Everything a chat request to this engine's model needs. */
export function chatTarget(engine: ResolvedEngine, modelId: string): RemoteChatTarget {
  return {
    ...engine,
    engineId: engine.id,
    modelId,
    contextLength: engine.models.find((model) => model.id === modelId)?.contextLength ?? null,
    flavour: serverFlavour(engine.baseUrl, engine.models),
    entry: catalogEntryForRemote(modelId)
  }
}

/** The engine's models, limited to the one it was set up for, if any. */
function servedModels(engine: StoredEngine): RemoteModel[] {
  return engine.modelId === null ? engine.models : engine.models.filter((model) => model.id === engine.modelId)
}

type RemoteEngineRequestName = keyof typeof remoteEngineRequests

export function remoteEngineHandlers(remote: RemoteEngineService): Pick<Handlers, RemoteEngineRequestName> {
  return {
    'engines:list': () => remote.list(),
    'engines:test': (input) => remote.test(input),
    'engines:add': (input) => remote.add(input),
    'engines:update': (change) => remote.update(change),
    'engines:remove': ({ engineId }) => remote.remove(engineId),
    'engines:use': (choice) => remote.use(choice)
  }
}
