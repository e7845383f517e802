/** The page's theme, language and sidebar written into index.html as it is served (harness and app://), before any script runs. */
import { describe, expect, it } from 'vitest'
import { withPreferences } from '../../../src/backend/page-preferences'

const built = '<!doctype html>\n<html lang="en">\n  <head><meta charset="UTF-8" /></head>\n  <body><div id="root"></div></body>\n</html>'

describe('index.html with the user’s preferences', () => {
  it('carries a chosen theme, language and collapsed sidebar on <html>, and nothing else changes', () => {
    const page = withPreferences(built, { theme: 'dark', locale: 'ko', sidebar: 'collapsed' })
    expect(page).toBe(built.replace('<html lang="en">', '<html lang="ko" data-theme="dark" data-sidebar="collapsed">'))
  })

  it('leaves the page as built for the system’s theme and language', () => {
    expect(withPreferences(built, { theme: 'system', locale: 'system', sidebar: 'expanded' })).toBe(built)
    expect(withPreferences(built, { theme: 'light', locale: 'system', sidebar: 'expanded' })).toContain('<html lang="en" data-theme="light">')
  })

  it('replaces a theme or sidebar already there rather than adding a second, and touches only the first <html>', () => {
    const page = withPreferences('<html lang="en" data-theme="light" data-sidebar="collapsed"><body><p>&lt;html&gt; <html></p></body></html>', { theme: 'dark', locale: 'en', sidebar: 'expanded' })
    expect(page).toBe('<html lang="en" data-theme="dark"><body><p>&lt;html&gt; <html></p></body></html>')
  })
})
