/**
 * Comments that send the reader to the docs must name a file that exists in this repository (docs/..., not a
 * folder outside it), and a heading that exists when they name one (docs/fit.md#kv-cache). Links between the
 * docs, and from the README, are held to the same rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const scanned = ['src', 'test', 'bench']
const codeFile = /\.(ts|tsx|mts|cts|js|mjs|cjs|css|html)$/

/** `docs/fit.md` or `docs/fit.md#kv-cache`, not part of a longer path such as `ggml/docs/gguf.md` or a URL. */
const docsPath = /(?<![\w./-])docs\/[\w./-]*[\w-](?:#[\w-]+)?/g
/** The shared folder the docs were first collected in is not part of the repository. */
const outsidePath = /(?<![\w.-])shared\/docs\//g

export interface BrokenLink {
  file: string
  line: number
  target: string
  why: string
}

function codeFiles(folder: string): string[] {
  const base = join(root, folder)
  if (!existsSync(base)) return []
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && codeFile.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.split(/[\\/]/).includes('node_modules'))
}

/** Line comments and block comments, with the line each starts on. */
export function comments(source: string): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = []
  for (const match of source.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)) {
    found.push({ line: source.slice(0, match.index).split('\n').length, text: match[0] })
  }
  return found
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let inFence = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const text = (heading[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** Why `target` (a path from the repository root, maybe with #heading) does not resolve; null when it does. */
export function problemWith(target: string, repositoryRoot: string = root): string | null {
  const [path = '', anchor] = target.split('#')
  const file = join(repositoryRoot, path)
  if (!existsSync(file)) return `${path} does not exist`
  if (anchor !== undefined && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) return `${path} has no heading #${anchor}`
  return null
}

/** Every docs/ path named in the comments of one source text. */
export function brokenLinksIn(file: string, source: string, repositoryRoot: string = root): BrokenLink[] {
  const broken: BrokenLink[] = []
  for (const comment of comments(source)) {
    comment.text.split('\n').forEach((text, offset) => {
      const line = comment.line + offset
      for (const match of text.matchAll(outsidePath)) {
        broken.push({ file, line, target: match[0], why: 'shared/docs is outside the repository; point at docs/ instead' })
      }
      for (const match of text.matchAll(docsPath)) {
        const why = problemWith(match[0].replace(/\.$/, ''), repositoryRoot)
        if (why) broken.push({ file, line, target: match[0], why })
      }
    })
  }
  return broken
}

/** Relative links in a markdown file: [text](other.md#heading), [text](#heading). */
export function brokenMarkdownLinks(file: string, markdown: string, repositoryRoot: string = root): BrokenLink[] {
  const broken: BrokenLink[] = []
  const folder = relative(repositoryRoot, dirname(join(repositoryRoot, file)))
  markdown.split('\n').forEach((text, index) => {
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = match[1] ?? ''
      if (/^[a-z]+:/i.test(link)) continue
      const target = link.startsWith('#') ? `${file}${link}` : join(folder, link)
      if (!/\.md(#|$)/.test(target)) continue
      const why = problemWith(target, repositoryRoot)
      if (why) broken.push({ file, line: index + 1, target: link, why })
    }
  })
  return broken
}

const format = (links: BrokenLink[]): string[] => links.map((link) => `${link.file}:${link.line}: ${link.target} (${link.why})`)

describe('links to the docs', () => {
  it('every docs/ path in a comment under src/, test/ and bench/ names a file (and heading) in the repository', () => {
    const broken = scanned
      .flatMap(codeFiles)
      .flatMap((path) => brokenLinksIn(relative(root, path), readFileSync(path, 'utf8')))
    expect(format(broken)).toEqual([])
  })

  it('the docs and the README link only to docs and headings that exist', () => {
    const markdown = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
    const broken = markdown.flatMap((file) => brokenMarkdownLinks(file, readFileSync(join(root, file), 'utf8')))
    expect(format(broken)).toEqual([])
  })

  it('reports a missing file, a missing heading and the shared folder, and accepts good links', () => {
    const docs = 'docs'
    const source = [
      `/** The numbers: ${docs}/exaone.md, the maths: ${docs}/fit.md#kv-cache. */`,
      `// See ${docs}/no-such-file.md and ${docs}/fit.md#no-such-heading.`,
      `// Old: shared/${docs}/exaone.md. Not ours: ggml/${docs}/gguf.md.`,
      `const url = 'https://example.com/${docs}/x.md'`
    ].join('\n')
    expect(brokenLinksIn('example.ts', source).map(({ line, target }) => `${line} ${target}`)).toEqual([
      `2 ${docs}/no-such-file.md`,
      `2 ${docs}/fit.md#no-such-heading`,
      `3 shared/${docs}/`
    ])
  })

  it('computes anchors as GitHub does', () => {
    const anchors = headingAnchors('# Top\n## KV cache\n### catalog-cache.json\n```\n# not a heading\n```\n## Files\n## Files\n### chats/&lt;uuid&gt;.jsonl\n')
    expect([...anchors]).toEqual(['top', 'kv-cache', 'catalog-cachejson', 'files', 'files-1', 'chatsuuidjsonl'])
  })
})
