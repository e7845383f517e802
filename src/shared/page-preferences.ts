import type { Settings } from './settings'

/**
 * index.html as the user set the window up, for the servers of the page (the browser harness and Electron's app://):
 * its <html> gets the chosen theme, language and sidebar, so that the frame the page paints before any script runs
 * is already in them. Without this, a dark theme on a light system painted light first and turned dark once the
 * settings reached the window, and a collapsed sidebar painted open. "system" leaves the page as built, with no
 * theme (its CSS follows the system's scheme) and no lang (the window resolves the system's language). The window
 * starts from these attributes until the settings arrive (`preferencesOnPage`), and keeps them as the settings
 * change (App.tsx), so the CSS reads them alone.
 */
export function withPreferences(html: string, { theme, locale, sidebar }: PagePreferences): string {
  return html.replace(/<html\b[^>]*>/i, (tag) => {
    let next = tag.replace(/\sdata-(theme|sidebar)="[^"]*"/g, '')
    if (locale !== 'system') next = next.replace(/\slang="[^"]*"/, '').replace(/^<html/i, `<html lang="${locale}"`)
    for (const [name, value] of Object.entries(pageDataset({ theme, sidebar }))) if (value) next = next.replace(/>$/, ` data-${name}="${value}">`)
    return next
  })
}

type PagePreferences = Pick<Settings, 'theme' | 'locale' | 'sidebar'>

/**
 * The data-* attributes of <html> that the CSS reads, as the page's servers write them and the window keeps them:
 * none for the system's theme or an expanded sidebar.
 */
export function pageDataset({ theme, sidebar }: Pick<Settings, 'theme' | 'sidebar'>): Record<'theme' | 'sidebar', string | undefined> {
  return { theme: theme === 'system' ? undefined : theme, sidebar: sidebar === 'collapsed' ? sidebar : undefined }
}

/**
 * What `withPreferences` wrote on the page's <html>, read back by the window for its first render: rendered with the
 * defaults instead, it showed the system's language and theme until settings:get answered, then the user's.
 */
export function preferencesOnPage(root: { lang: string; dataset: Record<string, string | undefined> }): PagePreferences {
  const { theme, sidebar } = root.dataset
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : 'system',
    locale: root.lang === 'en' || root.lang === 'ko' ? root.lang : 'system',
    sidebar: sidebar === 'collapsed' ? 'collapsed' : 'expanded'
  }
}

/** The page transform both servers of the page use: `withPreferences` with the settings as they are at each request. */
export function pageWithPreferences(settings: { get(): Promise<PagePreferences> }): (html: string) => Promise<string> {
  return async (html) => withPreferences(html, await settings.get())
}
