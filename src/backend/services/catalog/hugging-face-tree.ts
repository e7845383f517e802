/**
 * A repo's file list from the Hugging Face tree API, pinned to the commit `main` points at:
 * GET {endpoint}/api/models/{repo}/revision/main, then .../tree/{commit}?recursive=true, page by page (Link header).
 */
import { z } from 'zod'
import { huggingFaceSite, type RepoListing } from '../../../shared/catalog/catalog'
import { AppError } from '../../../shared/errors'
import type { EndpointCheck, Settings } from '../../../shared/settings'

export interface HubOptions {
  /** A mirror, or https://huggingface.co. */
  endpoint: string
  /** For gated repos; sent to the endpoint only. */
  token?: string
  timeoutMs?: number
}

/**
 * Where the catalog and downloads ask, and with which token: what Settings says, else HF_ENDPOINT and HF_TOKEN,
 * else huggingface.co without a token. The one place that decides it.
 */
export function hubOptionsFor(settings: Pick<Settings, 'huggingFaceEndpoint' | 'huggingFaceToken'>, env: NodeJS.ProcessEnv = process.env): HubOptions {
  const token = settings.huggingFaceToken || env.HF_TOKEN
  return {
    endpoint: (settings.huggingFaceEndpoint || env.HF_ENDPOINT || huggingFaceSite).replace(/\/+$/, ''),
    ...(token && { token })
  }
}

/** The repository an endpoint test asks for: small, public, and on every mirror that carries EXAONE. */
const probeRepo = 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF'

/** Whether an endpoint answers as Hugging Face does; fails with the same errors the catalog would meet. */
export async function checkEndpoint(options: HubOptions): Promise<EndpointCheck> {
  const started = performance.now()
  const response = await request(`${options.endpoint}/api/models/${probeRepo}/revision/main`, probeRepo, options)
  const body: unknown = await response.json().catch(() => null)
  if (!z.object({ sha: z.string() }).safeParse(body).success) {
    throw new AppError({
      code: 'io',
      message: `${options.endpoint} answered, but not as Hugging Face does (no model revision for ${probeRepo}).`,
      hint: 'Check the address: a mirror is its main address, such as https://hf-mirror.com, not a page on it.'
    })
  }
  return { endpoint: options.endpoint, ms: Math.round(performance.now() - started) }
}

const TreeEntry = z.object({
  type: z.string(),
  path: z.string(),
  size: z.number(),
  lfs: z.object({ oid: z.string(), size: z.number() }).optional()
})

export async function listRepo(repo: string, options: HubOptions): Promise<RepoListing> {
  const info = z.object({ sha: z.string() }).safeParse(await (await request(`${options.endpoint}/api/models/${repo}/revision/main`, repo, options)).json())
  const revision = info.success ? info.data.sha : 'main'
  const files: RepoListing['files'] = []
  let url: string | null = `${options.endpoint}/api/models/${repo}/tree/${revision}?recursive=true`
  while (url) {
    const response = await request(url, repo, options)
    const page = z.array(TreeEntry).safeParse(await response.json())
    if (!page.success) {
      throw new AppError({ code: 'io', message: `Hugging Face sent a file list for ${repo} that this version cannot read.`, details: page.error.message })
    }
    for (const entry of page.data) {
      if (entry.type === 'file') files.push({ path: entry.path, sizeBytes: entry.lfs?.size ?? entry.size, sha256: entry.lfs?.oid ?? null })
    }
    url = nextPage(response.headers.get('link'), url)
  }
  return { revision, fetchedAt: new Date().toISOString(), files }
}

/** `<https://...&cursor=...>; rel="next"`, absolute or relative to the page it came with. */
export function nextPage(link: string | null, current: string): string | null {
  const next = link?.split(',').find((part) => /rel="?next"?/.test(part))
  const target = next && /<([^>]+)>/.exec(next)?.[1]
  return target ? new URL(target, current).href : null
}

const networkWords: Record<string, string> = {
  ENOTFOUND: 'its name does not resolve (no network or DNS)',
  EAI_AGAIN: 'its name does not resolve (no network or DNS)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENETUNREACH: 'the network is unreachable'
}

async function request(url: string, repo: string, options: HubOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 10_000
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(options.token && { authorization: `Bearer ${options.token}` }) },
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name
    const host = new URL(url).host
    throw new AppError({
      code: 'network',
      message: cause === 'TimeoutError'
        ? `Hugging Face (${host}) did not answer within ${timeoutMs / 1000} s.`
        : `Could not reach Hugging Face (${host}): ${networkWords[cause] ?? cause}.`,
      hint: 'File sizes stay approximate until it can be reached. Check the connection, or set a mirror such as https://hf-mirror.com in Settings (or HF_ENDPOINT).',
      details: String(error)
    })
  }
  if (response.ok) return response
  await response.body?.cancel()
  if (response.status === 401 || response.status === 403) {
    throw new AppError({
      code: 'token-required',
      message: `${repo} needs a Hugging Face token (the server answered ${response.status}).`,
      hint: 'Create a read token at https://huggingface.co/settings/tokens, accept the model\'s terms on its page, then paste the token in Settings (or set HF_TOKEN).'
    })
  }
  throw new AppError({
    code: response.status === 404 ? 'not-found' : 'io',
    message: response.status === 404 ? `Hugging Face has no repository ${repo}.` : `Hugging Face answered ${response.status} for ${repo}.`,
    hint: 'File sizes stay approximate. Try again later.'
  })
}
