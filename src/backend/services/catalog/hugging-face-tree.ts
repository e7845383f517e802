/**
 * A repo's file list from the Hugging Face tree API, pinned to the commit `main` points at:
 * GET {endpoint}/api/models/{repo}/revision/main, then .../tree/{commit}?recursive=true, page by page (Link header).
 */
import { EnvHttpProxyAgent, fetch, ProxyAgent, type Dispatcher, type Response } from 'undici'
import { z } from 'zod'
import { huggingFaceSite, type RepoListing } from '../../../shared/catalog/catalog'
import { AppError } from '../../../shared/errors'
import { redactProxy, type EndpointCheck, type Settings } from '../../../shared/settings'

export interface HubOptions {
  /** A mirror, or https://huggingface.co. */
  endpoint: string
  /** For gated repos; sent to the endpoint only. */
  token?: string
  timeoutMs?: number
  /** Every request goes through it when a proxy is set (undici's ProxyAgent, or EnvHttpProxyAgent for the environment's). */
  dispatcher?: Dispatcher
  /** The proxy as errors name it, its password left out. */
  proxy?: string
}

/**
 * Where the catalog and downloads ask, with which token and through which proxy: what Settings says, else
 * HF_ENDPOINT, HF_TOKEN and HTTPS_PROXY / HTTP_PROXY (with NO_PROXY), else huggingface.co directly without a token.
 * The one place that decides it.
 */
export function hubOptionsFor(settings: Pick<Settings, 'huggingFaceEndpoint' | 'huggingFaceToken' | 'proxy'>, env: NodeJS.ProcessEnv = process.env): HubOptions {
  const token = settings.huggingFaceToken || env.HF_TOKEN
  const route = proxyRoute(settings.proxy, env)
  return {
    endpoint: (settings.huggingFaceEndpoint || env.HF_ENDPOINT || huggingFaceSite).replace(/\/+$/, ''),
    ...(token && { token }),
    ...(route && { dispatcher: route.dispatcher, proxy: route.shown })
  }
}

/** One dispatcher per proxy setting, kept while it stays the same: each holds its own pool of connections. */
let route: { key: string; dispatcher: Dispatcher; shown: string } | null = null

function proxyRoute(proxy: string | undefined, env: NodeJS.ProcessEnv): { dispatcher: Dispatcher; shown: string } | null {
  const fromEnv = { httpProxy: env.HTTP_PROXY ?? env.http_proxy, httpsProxy: env.HTTPS_PROXY ?? env.https_proxy, noProxy: env.NO_PROXY ?? env.no_proxy }
  if (!proxy && !fromEnv.httpProxy && !fromEnv.httpsProxy) return null
  const key = proxy || JSON.stringify(fromEnv)
  if (route?.key !== key) {
    void route?.dispatcher.close().catch(() => undefined)
    const shown = redactProxy(proxy || (fromEnv.httpsProxy ?? fromEnv.httpProxy ?? ''))
    // ProxyAgent sends user:pass from the address as Proxy-Authorization; EnvHttpProxyAgent also honours NO_PROXY.
    route = { key, shown, dispatcher: proxy ? new ProxyAgent(proxy) : new EnvHttpProxyAgent({ ...definedOnly(fromEnv) }) }
  }
  return { dispatcher: route.dispatcher, shown: route.shown }
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string }
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

function causeChain(error: unknown): Array<{ code?: unknown; message?: unknown }> {
  const chain: Array<{ code?: unknown; message?: unknown; cause?: unknown }> = []
  for (let each = error as { cause?: unknown } | undefined; each && typeof each === 'object' && chain.length < 5; each = each.cause as typeof each) chain.push(each)
  return chain
}

/** What a proxy that would not open the tunnel said (undici: "Proxy response (407) !== 200 when HTTP Tunneling"); null otherwise. */
export function proxyRefusalOf(error: unknown): string | null {
  const status = causeChain(error).map((each) => /Proxy response \((\d+)\)/.exec(String(each.message))?.[1]).find(Boolean)
  if (!status) return null
  return status === '407' ? 'the proxy wants a user name and password (407), or refused the ones given' : `the proxy answered ${status} instead of opening a tunnel`
}

async function request(url: string, repo: string, options: HubOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 10_000
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(options.token && { authorization: `Bearer ${options.token}` }) },
      signal: AbortSignal.timeout(timeoutMs),
      ...(options.dispatcher && { dispatcher: options.dispatcher })
    })
  } catch (error) {
    // fetch wraps what happened in causes: the socket's code, or undici's word for a proxy that refused.
    const chain = causeChain(error)
    const cause = chain.map((each) => each.code).find((code): code is string => typeof code === 'string') ?? (error as Error).name
    const refusal = proxyRefusalOf(error)
    const host = new URL(url).host
    const through = options.proxy ? ` through the proxy ${options.proxy}` : ''
    throw new AppError({
      code: 'network',
      message: cause === 'TimeoutError'
        ? `Hugging Face (${host}) did not answer within ${timeoutMs / 1000} s${through}.`
        : `Could not reach Hugging Face (${host})${through}: ${refusal ?? networkWords[cause] ?? cause}.`,
      hint: options.proxy
        ? 'Check that the proxy runs and its address and port are right (Settings > Hugging Face, or "exaone-desktop config set proxy URL"); leave it empty to connect directly.'
        : 'File sizes stay approximate until it can be reached. Check the connection, or set a mirror such as https://hf-mirror.com or a proxy in Settings (or HF_ENDPOINT, HTTPS_PROXY).',
      details: `${(error as Error).name}: ${cause}`
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
