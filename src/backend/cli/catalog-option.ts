/** The catalog for a CLI command: the saved file list, checked online first when it is missing or old. */
import type { Catalog } from '../../shared/catalog/catalog'
import { EventHub } from '../event-hub'
import { dataPaths, resolveDataDir } from '../paths'
import { CatalogService } from '../services/catalog/catalog-service'
import { hubOptionsFor, type HubOptions } from '../services/catalog/hugging-face-tree'
import { SettingsStore } from '../services/settings-store'

export const offlineOption = { offline: { type: 'boolean' } } as const

export async function loadCatalog(offline: boolean): Promise<Catalog> {
  const service = new CatalogService({
    cachePath: dataPaths(resolveDataDir()).catalogCache,
    hubOptions: cliHubOptions,
    checkOnline: !offline
  })
  return service.fresh()
}

/** Hugging Face as the window asks it: the mirror and token saved in Settings, else HF_ENDPOINT and HF_TOKEN. */
export async function cliHubOptions(): Promise<HubOptions> {
  return hubOptionsFor(await new SettingsStore(dataPaths(resolveDataDir()).settings, new EventHub()).get())
}

/** One line on where the sizes came from, for stderr: people should know when they are approximate. */
export function describeCatalogSource(catalog: Catalog): string {
  const when = catalog.checkedAt ? ` (listed ${catalog.checkedAt.slice(0, 16).replace('T', ' ')} UTC)` : ''
  const source = {
    online: 'File sizes and sha256 as Hugging Face lists them now.',
    cache: `File sizes from the saved Hugging Face listing${when}.`,
    'built-in': 'File sizes are approximate (≈): Hugging Face has not been reached yet.'
  }[catalog.source]
  return catalog.problem ? `${source} ${catalog.problem.message}${catalog.problem.hint ? ` ${catalog.problem.hint}` : ''}` : source
}
