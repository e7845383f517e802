/**
 * The catalog with exact file sizes and sha256: answers at once from catalog-cache.json (or the built-in
 * approximations), and checks Hugging Face in the background when the cache is missing or a day old.
 */
import { z } from 'zod'
import { resolveCatalog, type Catalog, type RepoListing } from '../../../shared/catalog/catalog'
import { models } from '../../../shared/catalog/models'
import { toErrorData } from '../../../shared/errors'
import type { Handlers } from '../../dispatcher'
import type { EventHub } from '../../event-hub'
import { readJsonFile, writeFileAtomic } from '../../json-file'
import { listRepo, type HubOptions } from './hugging-face-tree'

const CacheFile = z.object({
  version: z.literal(1),
  repos: z.record(
    z.string(),
    z.object({
      revision: z.string(),
      fetchedAt: z.string(),
      files: z.array(z.object({ path: z.string(), sizeBytes: z.number(), sha256: z.string().nullable() }))
    })
  )
})

export interface CatalogServiceOptions {
  cachePath: string
  /** Asked at each check, so a mirror or token saved in Settings is used at once. */
  hubOptions: () => Promise<HubOptions>
  hub?: EventHub
  /** A listing older than this is checked again (default a day). */
  maxAgeMs?: number
  /** After a failed check, wait this long before trying again on its own (default 10 minutes). */
  retryAfterMs?: number
  /** false: never ask Hugging Face on its own (the CLI's --offline). */
  checkOnline?: boolean
  /** A check of its own starts when this resolves: once the calls being answered are (CallTracker). */
  callsAnswered?: () => Promise<void>
}

const repos = [...new Set(models.map((model) => model.repo))]
/** Hugging Face is asked about this many repos at once. */
const parallelRequests = 4

export class CatalogService {
  private readonly listings: Promise<Map<string, RepoListing>>
  private checking: Promise<Catalog> | null = null
  /** A check of its own, waiting for the calls being answered. */
  private checkingSoon: Promise<void> | null = null
  private problem: Catalog['problem'] = null
  private lastCheckAt = Number.NEGATIVE_INFINITY

  constructor(private readonly options: CatalogServiceOptions) {
    this.listings = readJsonFile(options.cachePath, CacheFile, { version: 1, repos: {} }).then((file) => new Map(Object.entries(file.repos)))
  }

  /** With `refresh`, waits for an online check; otherwise answers now and checks in the background if due. */
  async list(refresh = false): Promise<Catalog> {
    if (refresh) return this.check()
    const listings = await this.listings
    if (this.checkDue(listings)) {
      this.checkingSoon = (this.options.callsAnswered?.() ?? Promise.resolve())
        .then(async () => void (await this.check()))
        .catch((error: unknown) => console.error('The catalog check failed:', error))
        .finally(() => (this.checkingSoon = null))
    }
    return this.build(listings, listings.size > 0 ? 'cache' : 'built-in')
  }

  /** Waits for an online check only when one is due: the CLI's way, which prints once. */
  async fresh(): Promise<Catalog> {
    return this.checkDue(await this.listings) ? this.check() : this.list()
  }

  /** Asks Hugging Face for every repo; one check at a time, however many callers. */
  check(): Promise<Catalog> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null
    })
    return this.checking
  }

  private async runCheck(): Promise<Catalog> {
    this.lastCheckAt = Date.now()
    const listings = await this.listings
    const hubOptions = await this.options.hubOptions()
    const results = await mapLimited(repos, parallelRequests, (repo) =>
      listRepo(repo, hubOptions).then(
        (listing) => ({ repo, listing }),
        (error: unknown) => ({ repo, error })
      )
    )
    let listed = 0
    this.problem = null
    for (const result of results) {
      if ('listing' in result) {
        listings.set(result.repo, result.listing)
        listed++
      } else {
        const { code, message, hint } = toErrorData(result.error)
        this.problem ??= { code, message, ...(hint && { hint }) }
      }
    }
    if (listed > 0) {
      // A cache that cannot be written costs the next offline start its exact sizes, not this answer.
      await writeFileAtomic(this.options.cachePath, JSON.stringify({ version: 1, repos: Object.fromEntries(listings) }) + '\n').catch((error: Error) => {
        this.problem ??= { code: 'io', message: `Could not save the file list to ${this.options.cachePath}: ${error.message}` }
      })
    }
    const catalog = this.build(listings, listed > 0 ? 'online' : listings.size > 0 ? 'cache' : 'built-in', false)
    this.options.hub?.emit('catalog:updated', catalog)
    return catalog
  }

  private checkDue(listings: Map<string, RepoListing>): boolean {
    if (this.options.checkOnline === false || this.checking || this.checkingSoon || Date.now() - this.lastCheckAt < (this.options.retryAfterMs ?? 10 * 60_000)) return false
    const oldest = Math.min(...repos.map((repo) => Date.parse(listings.get(repo)?.fetchedAt ?? '') || 0))
    return Date.now() - oldest > (this.options.maxAgeMs ?? 24 * 3600_000)
  }

  private build(listings: Map<string, RepoListing>, source: Catalog['source'], checking = this.checking !== null || this.checkingSoon !== null): Catalog {
    const newest = Math.max(0, ...[...listings.values()].map((listing) => Date.parse(listing.fetchedAt) || 0))
    return resolveCatalog(listings, { source, checkedAt: newest > 0 ? new Date(newest).toISOString() : null, checking, problem: this.problem })
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export function catalogHandlers(service: CatalogService): Pick<Handlers, 'catalog:list'> {
  return {
    'catalog:list': ({ refresh }) => service.list(refresh ?? false)
  }
}
