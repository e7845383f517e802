/**
 * Markdown for answers: GFM tables and fenced code with highlighting, and no raw HTML from the model (markdown-it
 * escapes it with `html: false`). Answers are split into top-level blocks so that while a long answer streams only
 * its last block is parsed and rendered again.
 */
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import css from 'highlight.js/lib/languages/css'
import go from 'highlight.js/lib/languages/go'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import markdownLanguage from 'highlight.js/lib/languages/markdown'
import python from 'highlight.js/lib/languages/python'
import rust from 'highlight.js/lib/languages/rust'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'
import MarkdownIt from 'markdown-it'

const languages = { bash, c, cpp, css, go, java, javascript, json, markdown: markdownLanguage, python, rust, sql, typescript, xml, yaml }
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language)
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' })
hljs.registerAliases(['js', 'jsx'], { languageName: 'javascript' })
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' })
hljs.registerAliases(['py'], { languageName: 'python' })
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' })
hljs.registerAliases(['yml'], { languageName: 'yaml' })

const escape = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

const markdown: MarkdownIt = new MarkdownIt({ html: false, linkify: true, breaks: false })

markdown.renderer.rules.fence = (tokens, index, _options, env: { copyLabel?: string }) => {
  const token = tokens[index]
  const info = token?.info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  const code = token?.content ?? ''
  const language = info && hljs.getLanguage(info) ? info : null
  const highlighted = language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escape(code)
  return (
    `<div class="code-block"><div class="code-block__bar"><span>${escape(info || 'text')}</span>` +
    `<button type="button" class="code-block__copy" data-copy-code>${escape(env.copyLabel ?? 'Copy')}</button></div>` +
    `<pre><code class="hljs${language ? ` language-${language}` : ''}">${highlighted}</code></pre></div>`
  )
}

// Links open outside the app (Electron sends allowlisted https links to the system browser; others are refused).
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]?.attrSet('target', '_blank')
  tokens[index]?.attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, index, options, env, self)
}

// markdown-it aligns a table's columns with style="text-align:…", which the page's CSP refuses (no inline styles):
// centred and right-aligned columns get a class instead (left is the default).
for (const cell of ['th_open', 'td_open'] as const) {
  markdown.renderer.rules[cell] = (tokens, index, options, _env, self) => {
    const token = tokens[index]
    const align = /^text-align:(center|right)$/.exec(token?.attrGet('style') ?? '')?.[1]
    if (token?.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style')
    if (token && align) token.attrJoin('class', `align-${align}`)
    return self.renderToken(tokens, index, options)
  }
}

export function renderMarkdown(source: string, copyLabel: string): string {
  return markdown.render(source, { copyLabel })
}

/**
 * Splits at blank lines that are outside fenced code, so each block renders alone; the last one is where
 * streaming text arrives. An unclosed fence keeps the rest of the text in one block.
 */
export function splitBlocks(source: string): string[] {
  const lines = source.split('\n')
  const blocks: string[] = []
  let current: string[] = []
  let fence: string | null = null
  lines.forEach((line, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) fence = fence === null ? marker : null
    if (line.trim() === '' && fence === null && current.length > 0 && !listGoesOn(current, lines, index)) {
      blocks.push(current.join('\n'))
      current = []
      return
    }
    current.push(line)
  })
  if (current.length > 0) blocks.push(current.join('\n'))
  return blocks
}

const listItem = /^\s*([-*+]|\d+[.)])\s/

/** A loose list spans blank lines: splitting it would restart its numbering. */
function listGoesOn(block: string[], lines: string[], blankIndex: number): boolean {
  if (!listItem.test(block[0] ?? '')) return false
  const next = lines.slice(blankIndex + 1).find((line) => line.trim() !== '')
  return next === undefined || listItem.test(next) || /^\s{2,}\S/.test(next)
}

/**
 * While an answer streams, a very long paragraph is shown in pieces so each update lays out only its last piece;
 * the finished answer renders whole. Code fences are never cut.
 */
export function splitLongBlocks(blocks: string[], maxChars: number): string[] {
  return blocks.flatMap((block) => {
    if (block.length <= maxChars || /^\s{0,3}(`{3,}|~{3,})/.test(block)) return [block]
    const pieces: string[] = []
    let rest = block
    while (rest.length > maxChars) {
      const cut = rest.lastIndexOf(' ', maxChars)
      const at = cut > maxChars / 2 ? cut : maxChars
      pieces.push(rest.slice(0, at))
      rest = rest.slice(at).trimStart()
    }
    pieces.push(rest)
    return pieces
  })
}
