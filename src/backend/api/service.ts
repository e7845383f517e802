/**
 * The API server as the app runs it: started and stopped by its settings (off until the user turns it on),
 * restarted when they change, with its status and request log for the Settings page and the status bar.
 */
import { join } from 'node:path'
import { apiServerSettings, loopbackHost, type ApiServerChange, type ApiServerSettings, type ApiServerStatus } from '../../shared/api-server'
import { AppError } from '../../shared/errors'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { EngineService } from '../services/engine-service'
import type { LibraryService } from '../services/library/library-service'
import type { SettingsStore } from '../services/settings-store'
import { RequestLog } from './request-log'
import { generateApiKey, hashApiKey, keyHint } from './security'
import { startApiServer, type ApiServer } from './server'

export interface ApiServerServiceOptions {
  settings: SettingsStore
  hub: EventHub
  engine: EngineService
  library: Pick<LibraryService, 'snapshot'>
  /** The data folder: the request log lives there. */
  dataDir: string
}

export class ApiServerService {
  private server: ApiServer | null = null
  private running = 0
  private current: ApiServerStatus
  private applied = ''
  private changes: Promise<void> = Promise.resolve()
  private unsubscribe: (() => void) | undefined
  readonly log: RequestLog

  constructor(private readonly options: ApiServerServiceOptions) {
    this.log = new RequestLog(join(options.dataDir, 'api-requests.jsonl'), (entry) => options.hub.emit('api-server:request', entry))
    this.current = statusOf(apiServerSettings(undefined), null, null, 0)
  }

  get status(): ApiServerStatus {
    return this.current
  }

  /** Starts the server if the settings say so, and follows their changes from then on. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.hub.on('settings:changed', (settings) => void this.apply(apiServerSettings(settings.apiServer)))
    await this.apply(apiServerSettings((await this.options.settings.get()).apiServer))
  }

  async configure(change: ApiServerChange): Promise<ApiServerStatus> {
    await this.save(change)
    return this.current
  }

  /** A new key, returned this once; only its hash is kept. */
  async generateKey(): Promise<{ key: string; status: ApiServerStatus }> {
    const key = generateApiKey()
    await this.save({ keyHash: hashApiKey(key), keyHint: keyHint(key) })
    return { key, status: this.current }
  }

  async dispose(): Promise<void> {
    this.unsubscribe?.()
    await this.changes
    await this.server?.close()
    this.server = null
    await this.log.flushed()
  }

  private async save(change: Partial<ApiServerSettings>): Promise<void> {
    const stored = apiServerSettings((await this.options.settings.get()).apiServer)
    // settings:changed then applies it; waiting for that here makes the returned status the new one.
    await this.options.settings.update({ apiServer: { ...stored, ...change } })
    await this.changes
  }

  private apply(settings: ApiServerSettings): Promise<void> {
    this.changes = this.changes.then(async () => {
      const wanted = JSON.stringify(settings)
      if (wanted === this.applied) return
      this.applied = wanted
      await this.server?.close()
      this.server = null
      let problem: string | null = null
      if (settings.enabled) {
        try {
          this.server = await startApiServer({
            engine: this.options.engine,
            library: this.options.library,
            hub: this.options.hub,
            host: settings.localNetwork ? '0.0.0.0' : loopbackHost,
            port: settings.port,
            keyHash: settings.keyHash,
            allowedOrigins: settings.allowedOrigins,
            reasoningField: settings.reasoningField,
            idleUnloadMs: settings.idleUnloadMinutes * 60_000,
            log: this.log,
            onActivity: (running) => {
              this.running = running
              this.publish(statusOf(settings, this.server, null, running))
            }
          })
        } catch (error) {
          problem = startProblem(error, settings.port)
        }
      }
      this.publish(statusOf(settings, this.server, problem, this.running))
    })
    return this.changes
  }

  private publish(status: ApiServerStatus): void {
    this.current = status
    this.options.hub.emit('api-server:status', status)
  }
}

function statusOf(settings: ApiServerSettings, server: ApiServer | null, problem: string | null, running: number): ApiServerStatus {
  return {
    state: server ? 'on' : problem ? 'failed' : 'off',
    url: server?.url ?? null,
    host: settings.localNetwork ? '0.0.0.0' : loopbackHost,
    port: settings.port,
    problem,
    running: server ? running : 0,
    hasKey: settings.keyHash !== null,
    keyHint: settings.keyHint
  }
}

function startProblem(error: unknown, port: number): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return `Port ${port} is in use by another program. Choose another port.`
  if (error instanceof AppError) return `${error.message}${error.hint ? ` ${error.hint}` : ''}`
  return `The API server could not start: ${error instanceof Error ? error.message : String(error)}`
}

export function apiServerHandlers(service: ApiServerService): Pick<Handlers, 'api-server:status' | 'api-server:configure' | 'api-server:generate-key' | 'api-server:log'> {
  return {
    'api-server:status': () => service.status,
    'api-server:configure': (change) => service.configure(change),
    'api-server:generate-key': () => service.generateKey(),
    'api-server:log': () => ({ path: service.log.path ?? '', entries: service.log.entries })
  }
}
