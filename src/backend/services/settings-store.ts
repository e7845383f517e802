import { Settings } from '../../shared/settings'
import { defaultSettings } from '../../shared/settings-plain'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import { readJsonFile, writeFileAtomic } from '../json-file'
import { checkEndpoint, hubOptionsFor } from './catalog/hugging-face-tree'

/** settings.json: read once, written atomically on every change, announced as `settings:changed`. */
export class SettingsStore {
  private current: Promise<Settings>
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly path: string,
    private readonly hub: EventHub
  ) {
    this.current = readJsonFile(path, Settings.partial(), {}).then((stored) => ({ ...defaultSettings, ...stored }))
  }

  get(): Promise<Settings> {
    return this.current
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...(await this.current), ...change })
    this.current = Promise.resolve(next)
    // Writes run one after another so an older write can never land after a newer one.
    this.writes = this.writes.catch(() => undefined).then(() => writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n'))
    await this.writes
    this.hub.emit('settings:changed', next)
    return next
  }
}

export function settingsHandlers(store: SettingsStore): Pick<Handlers, 'settings:get' | 'settings:update' | 'settings:test-endpoint'> {
  return {
    'settings:get': () => store.get(),
    'settings:update': (change) => store.update(change),
    // An empty address tests the one in use (the saved one, HF_ENDPOINT or huggingface.co), with the token in use.
    'settings:test-endpoint': async ({ endpoint }) => {
      const saved = await store.get()
      return checkEndpoint(hubOptionsFor({ ...saved, ...(endpoint && { huggingFaceEndpoint: endpoint }) }))
    }
  }
}
