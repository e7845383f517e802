import { Settings } from '../../shared/settings'
import { defaultSettings } from '../../shared/settings-plain'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import { readJsonFile, SharedJsonFile } from '../json-file'
import { checkEndpoint, hubOptionsFor } from './catalog/hugging-face-tree'

/**
 * settings.json, shared with the CLI (`config set`): written atomically on every change, announced as
 * `settings:changed`. With `watch` (the window's backend), what the CLI changes is announced too.
 */
export class SettingsStore {
  private readonly file: SharedJsonFile<Settings>

  constructor(
    path: string,
    private readonly hub: EventHub,
    options: { watch?: boolean } = {}
  ) {
    const read = async (): Promise<Settings> => ({ ...defaultSettings, ...(await readJsonFile(path, Settings.partial(), {})) })
    this.file = new SharedJsonFile(path, read, options.watch ? (settings) => hub.emit('settings:changed', settings) : undefined)
  }

  get(): Promise<Settings> {
    return this.file.get()
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = await this.file.change((stored) => Settings.parse({ ...stored, ...change }))
    this.hub.emit('settings:changed', next)
    return next
  }

  dispose(): void {
    this.file.close()
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
