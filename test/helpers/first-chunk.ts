/**
 * The renderer's first chunk: the scripts its page loads before anything can paint (the entry module and the
 * chunks it preloads), read from a built out/renderer. The build-output test and the startup bench both use it.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export async function firstChunkFiles(rendererDir: string): Promise<Array<{ path: string; text: string }>> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const sources = [...html.matchAll(/<script type="module"[^>]*\ssrc="([^"]+)"|<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((match) => (match[1] ?? match[2]) as string)
  if (sources.length === 0) throw new Error(`No module script in ${join(rendererDir, 'index.html')}`)
  return Promise.all(sources.map(async (source) => ({ path: source, text: await readFile(join(rendererDir, source.replace(/^\.?\//, '')), 'utf8') })))
}
