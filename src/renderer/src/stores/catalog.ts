import { create } from 'zustand'
import type { Catalog } from '../../../shared/catalog/catalog'
import { toErrorData, type AppErrorData } from '../../../shared/errors'
import { call, on } from '../bridge'

interface CatalogState {
  catalog: Catalog | null
  error: AppErrorData | null
  /** Asks Hugging Face again now (the "Try again" button). */
  refresh(): Promise<void>
}

export const useCatalog = create<CatalogState>()(() => ({
  catalog: null,
  error: null,
  async refresh() {
    const current = useCatalog.getState().catalog
    if (current) useCatalog.setState({ catalog: { ...current, checking: true } })
    try {
      useCatalog.setState({ catalog: await call('catalog:list', { refresh: true }), error: null })
    } catch (error) {
      useCatalog.setState({ error: toErrorData(error) })
    }
  }
}))

/** Loads the catalog (instant: cache or built-in figures) and mirrors each online check's result. */
export function startCatalogSync(): () => void {
  void call('catalog:list', {}).then(
    (catalog) => useCatalog.setState({ catalog, error: null }),
    (error: unknown) => useCatalog.setState({ error: toErrorData(error) })
  )
  return on('catalog:updated', (catalog) => useCatalog.setState({ catalog, error: null }))
}
