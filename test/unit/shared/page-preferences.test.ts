/**
 * The page's theme, language and sidebar written into index.html as it is served (harness and app://), before any
 * script runs, and read back by the window for its first render.
 */
import { describe, expect, it } from 'vitest'
import { preferencesOnPage, withPreferences } from '../../../src/shared/page-preferences'

const built = '<!doctype html>\n<html>\n  <head><meta charset="UTF-8" /></head>\n  <body><div id="root"></div></body>\n</html>'

describe('index.html with the user’s preferences', () => {
  it('carries a chosen theme, language and collapsed sidebar on <html>, and nothing else changes', () => {
    const page = withPreferences(built, { theme: 'dark', locale: 'ko', sidebar: 'collapsed' })
    expect(page).toBe(built.replace('<html>', '<html lang="ko" data-theme="dark" data-sidebar="collapsed">'))
  })

  it('leaves the page as built for the system’s theme and language', () => {
    expect(withPreferences(built, { theme: 'system', locale: 'system', sidebar: 'expanded' })).toBe(built)
    expect(withPreferences(built, { theme: 'light', locale: 'system', sidebar: 'expanded' })).toContain('<html data-theme="light">')
  })

  it('replaces a theme or sidebar already there rather than adding a second, and touches only the first <html>', () => {
    const page = withPreferences('<html lang="en" data-theme="light" data-sidebar="collapsed"><body><p>&lt;html&gt; <html></p></body></html>', { theme: 'dark', locale: 'en', sidebar: 'expanded' })
    expect(page).toBe('<html lang="en" data-theme="dark"><body><p>&lt;html&gt; <html></p></body></html>')
  })

  it('reads back on the page what it wrote, and the system’s choices where it wrote none', () => {
    const choices = [
      { theme: 'dark', locale: 'ko', sidebar: 'collapsed' },
      { theme: 'light', locale: 'en', sidebar: 'expanded' },
      { theme: 'system', locale: 'system', sidebar: 'expanded' }
    ] as const
    for (const chosen of choices) expect(preferencesOnPage(rootOf(withPreferences(built, chosen)))).toEqual(chosen)
    // A page served by something else (Vite's dev server) or with values this version does not know.
    expect(preferencesOnPage({ lang: 'fr', dataset: { theme: 'sepia', sidebar: 'wide' } })).toEqual({ theme: 'system', locale: 'system', sidebar: 'expanded' })
  })
})

/** The <html> attributes as the browser gives them to a script: `lang`, and data-* in `dataset`. */
function rootOf(page: string): { lang: string; dataset: Record<string, string> } {
  const tag = /<html\b[^>]*>/.exec(page)?.[0] ?? ''
  const attributes: Record<string, string> = Object.fromEntries([...tag.matchAll(/\s([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name ?? '', value ?? '']))
  const dataset = Object.fromEntries(Object.entries(attributes).filter(([name]) => name.startsWith('data-')).map(([name, value]) => [name.slice(5), value]))
  return { lang: attributes.lang ?? '', dataset }
}
