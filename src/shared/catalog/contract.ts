import { z } from 'zod'
import type { Catalog } from './catalog'

// Results come from our own backend, so they are typed here rather than validated.
const CatalogResult = z.custom<Catalog>()

/**
 * The renderer asks for the catalog once and computes fit advice itself (src/shared/fit is pure and takes a
 * millisecond), so the context slider and the what-if picker answer without a round trip.
 */
export const catalogRequests = {
  /** Answers at once from the cache or the built-in figures; `catalog:updated` follows an online check. */
  'catalog:list': { args: z.object({ refresh: z.boolean().optional() }).strict(), result: CatalogResult }
} as const

export const catalogEvents = {
  'catalog:updated': CatalogResult
} as const
