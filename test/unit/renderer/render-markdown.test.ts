/**
 * Answers are written by a model, and a model can be talked into writing HTML: whatever it writes must reach
 * the page as text. Each case checks every tag in the output against what the renderer itself makes (its tags,
 * their attributes, and links only to http(s)), so an injected element or attribute fails however it is spelt.
 */
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../src/renderer/src/features/chat/render-markdown'

const allowedTags = new Set(['p', 'a', 'div', 'span', 'button', 'pre', 'code', 'em', 'strong', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h1', 'h2', 'h3', 'blockquote', 'br', 'hr'])
const allowedAttributes = new Set(['class', 'href', 'title', 'target', 'rel', 'type', 'data-copy-code'])

/** Every tag the HTML opens or closes, with its attributes as the browser would read them. */
function tagsOf(html: string): Array<{ name: string; closing: boolean; attributes: Record<string, string> }> {
  const tags: Array<{ name: string; closing: boolean; attributes: Record<string, string> }> = []
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const attributes: Record<string, string> = {}
    for (const attribute of (match[3] ?? '').matchAll(/([^\s="'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes[attribute[1]!.toLowerCase()] = attribute[2] ?? attribute[3] ?? attribute[4] ?? ''
    }
    tags.push({ name: match[2]!.toLowerCase(), closing: match[1] === '/', attributes })
  }
  return tags
}

function expectOnlyOwnMarkup(html: string): void {
  for (const tag of tagsOf(html)) {
    expect(allowedTags, `<${tag.name}> in ${html}`).toContain(tag.name)
    for (const [name, value] of Object.entries(tag.attributes)) {
      expect(allowedAttributes, `${name}= on <${tag.name}> in ${html}`).toContain(name)
      if (name === 'href') expect(value, html).toMatch(/^(https?:|mailto:|#)/i)
    }
  }
}

const render = (source: string): string => renderMarkdown(source, 'Copy')

describe('model-written HTML stays text', () => {
  it.each([
    ['a script element', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an image with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an inline element with an event handler', 'Hello <b onmouseover="alert(1)">there</b>', '&lt;b onmouseover=&quot;alert(1)&quot;&gt;'],
    ['an HTML block', '<div>\n<iframe src="https://evil.example"></iframe>\n</div>', '&lt;iframe'],
    ['an HTML link to javascript:', '<a href="javascript:alert(1)">x</a>', '&lt;a href=&quot;javascript:alert(1)&quot;&gt;'],
    ['an SVG with onload', '<svg onload=alert(1)>', '&lt;svg onload=alert(1)&gt;'],
    ['an HTML comment hiding markup', '<!-- --><script>alert(1)</script>', '&lt;!-- --&gt;&lt;script&gt;']
  ])('escapes %s', (_name, source, escaped) => {
    const html = render(source)
    expect(html).toContain(escaped)
    expectOnlyOwnMarkup(html)
  })

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['JavaScript: in mixed case', '[click](JaVaScRiPt:alert(1))'],
    ['javascript: with an encoded colon', '[click](javascript&#58;alert(1))'],
    ['javascript: behind a tab', '[click](java\tscript:alert(1))'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['a data: page', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an image from javascript:', '![x](javascript:alert(1))'],
    ['a reference link to javascript:', '[click][evil]\n\n[evil]: javascript:alert(1)'],
    ['an autolink to javascript:', '<javascript:alert(1)>'],
    ['bare javascript: text (linkify)', 'see javascript:alert(1) now']
  ])('makes no link of %s', (_name, source) => {
    const html = render(source)
    expect(html).not.toMatch(/<a\b/)
    expect(html).not.toMatch(/<img\b/)
    expectOnlyOwnMarkup(html)
  })

  it('keeps a link title from breaking out of its attribute', () => {
    const html = render('[a](https://example.com "t\\" onclick=\\"alert(1)")')
    expect(tagsOf(html).find((tag) => tag.name === 'a')?.attributes).toEqual({
      href: 'https://example.com',
      title: 't&quot; onclick=&quot;alert(1)',
      target: '_blank',
      rel: 'noopener noreferrer'
    })
    expectOnlyOwnMarkup(html)
  })

  it('opens the links it makes outside the app, without an opener', () => {
    const html = render('[LG](https://www.lgresearch.ai) and https://huggingface.co/LGAI-EXAONE')
    const links = tagsOf(html).filter((tag) => tag.name === 'a' && !tag.closing)
    expect(links.map((link) => link.attributes)).toEqual([
      { href: 'https://www.lgresearch.ai', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'https://huggingface.co/LGAI-EXAONE', target: '_blank', rel: 'noopener noreferrer' }
    ])
  })
})

describe('code fences', () => {
  it.each([
    ['a quote that closes the class attribute', '```js" onmouseover="alert(1)\nx\n```'],
    ['a tag in the language name', '```"><img src=x onerror=alert(1)>\nx\n```'],
    ['a known language with a quote glued on', '```python"autofocus/onfocus=alert(1)//\nx\n```'],
    ['an entity-encoded tag', '```&lt;script&gt;\nx\n```'],
    ['a tilde fence', '~~~<svg/onload=alert(1)>\nx\n~~~']
  ])('escape the language name: %s', (_name, source) => {
    const html = render(source)
    expectOnlyOwnMarkup(html)
    const code = tagsOf(html).find((tag) => tag.name === 'code')
    // Only a language highlight.js knows becomes a class; anything else stays plain text in the bar.
    expect(code?.attributes).toEqual({ class: 'hljs' })
    expect(html).toMatch(/<span>[^<]*<\/span>/)
  })

  it('gives a known language its class and highlights the code as text', () => {
    const html = render('```TypeScript\nconst tag = "<script>alert(1)</script>"\n```')
    expect(tagsOf(html).find((tag) => tag.name === 'code')?.attributes).toEqual({ class: 'hljs language-typescript' })
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('<script')
    expectOnlyOwnMarkup(html)
  })

  it('escapes HTML inside a fence with no language, and in the copy button label', () => {
    const html = renderMarkdown('```\n<img src=x onerror=alert(1)>\n```', '<b>Copy</b>')
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(html).toContain('&#60;b&#62;Copy&#60;/b&#62;')
    expectOnlyOwnMarkup(html)
  })
})

describe('tables', () => {
  it('aligns columns with classes, not the style attributes the page CSP refuses', () => {
    const html = render('| name | count | note |\n| :-- | --: | :-: |\n| a | 1 | x |')
    expectOnlyOwnMarkup(html)
    expect(html).not.toContain('style=')
    const cells = tagsOf(html).filter((tag) => !tag.closing && (tag.name === 'th' || tag.name === 'td'))
    expect(cells.map((tag) => tag.attributes.class ?? '')).toEqual(['', 'align-right', 'align-center', '', 'align-right', 'align-center'])
  })
})
