/**
 * Where model files come from: the hub (HF_ENDPOINT or huggingface.co) and the token only the hub may see.
 * A plan pins the commit `main` points at when the download starts, so every byte comes from one revision.
 */
import type { Dispatcher } from 'undici'
import { resolveModel } from '../../../shared/catalog/catalog'
import type { ModelEntry } from '../../../shared/catalog/models'
import type { QuantId } from '../../../shared/catalog/quantisations'
import { AppError } from '../../../shared/errors'
import { listRepo, type HubOptions } from '../catalog/hugging-face-tree'
import { httpGet } from './http-get'
import { transientStatus } from './retry-policy'

export interface PlannedFile {
  name: string
  sizeBytes: number
  sha256: string
}

export interface DownloadPlan {
  repo: string
  /** The commit every file is fetched at. */
  revision: string
  files: PlannedFile[]
}

export class HubSource {
  private readonly hubOrigin: string

  constructor(readonly options: HubOptions) {
    this.hubOrigin = new URL(options.endpoint).origin
  }

  resolveUrl(repo: string, revision: string, file: string): URL {
    return new URL(`${this.options.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodeURIComponent(file)}`)
  }

  /** The proxy every request goes through, as httpGet takes it; nothing without one. */
  get proxied(): { dispatcher?: Dispatcher } {
    return this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}
  }

  /** The token goes to the hub only, never to the CDN host its redirects point at. */
  headersFor(url: URL): Record<string, string> {
    return url.origin === this.hubOrigin && this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}
  }
}

export async function planDownload(source: HubSource, entry: ModelEntry, quantId: QuantId, timeoutMs: number): Promise<DownloadPlan> {
  const listing = await listRepo(entry.repo, { ...source.options, timeoutMs }).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'forbidden' ? tokenRequired(entry.repo, error.message) : error
  })
  const quant = resolveModel(entry, listing).quants.find((candidate) => candidate.id === quantId)
  if (!quant || quant.inRepo === false) {
    throw new AppError({ code: 'not-found', message: `${entry.name} is not published as ${quantId} on Hugging Face (${entry.repo}).` })
  }
  let revision = listing.revision
  const files: PlannedFile[] = []
  for (const file of quant.files) {
    let sha256 = file.sha256
    // A mirror that lists no commit or no checksum: the resolve URL's headers carry both.
    if (!isCommit(revision) || !sha256) {
      const head = await headFile(source, entry.repo, revision, file.name, timeoutMs)
      revision = head.commit ?? revision
      sha256 ??= head.sha256
    }
    if (!sha256) {
      throw new AppError({
        code: 'io',
        message: `Hugging Face lists no sha256 for ${file.name}, so the download could not be verified. Nothing was downloaded.`,
        hint: 'If HF_ENDPOINT points at a mirror, try https://huggingface.co instead.'
      })
    }
    files.push({ name: file.name, sizeBytes: file.sizeBytes, sha256 })
  }
  return { repo: entry.repo, revision, files }
}

async function headFile(source: HubSource, repo: string, revision: string, file: string, timeoutMs: number): Promise<{ commit: string | null; sha256: string | null }> {
  const url = source.resolveUrl(repo, revision, file)
  const response = await httpGet(url, { method: 'HEAD', headers: source.headersFor(url), timeoutMs, ...source.proxied })
  response.resume()
  const status = response.statusCode ?? 0
  if (status >= 400) throw failedStatus(status, response.headers['retry-after'], repo, file)
  const header = (name: string): string | null => {
    const value = response.headers[name]
    return typeof value === 'string' ? value : null
  }
  const etag = header('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '') ?? null
  return { commit: header('x-repo-commit'), sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : null }
}

/** What a final (not retried) answer from the hub means for the person. */
export function failedStatus(status: number, retryAfter: string | string[] | undefined, repo: string, file: string): Error {
  const transient = transientStatus(status, retryAfter)
  if (transient) return transient
  if (status === 401 || status === 403) return tokenRequired(repo, `${repo} needs a Hugging Face token (the server answered ${status}).`)
  if (status === 404) {
    return new AppError({ code: 'not-found', message: `Hugging Face has no file ${file} in ${repo}.`, hint: 'The repository may have changed. Refresh the catalog and try again.' })
  }
  return new AppError({ code: 'io', message: `Hugging Face answered ${status} for ${file}.`, hint: 'Try again later.' })
}

function tokenRequired(repo: string, message: string): AppError {
  return new AppError({
    code: 'token-required',
    message,
    hint: `Create a read token at https://huggingface.co/settings/tokens, accept the terms on ${repo}'s page, then paste the token in Settings (or set HF_TOKEN).`
  })
}

const isCommit = (revision: string): boolean => /^[0-9a-f]{40}$/.test(revision)
