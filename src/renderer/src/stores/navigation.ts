import { useSyncExternalStore } from 'react'

export const pages = ['chat', 'models', 'library', 'hardware', 'settings'] as const
export type Page = (typeof pages)[number]

/** The page lives in the URL hash, with the section to show on it (#/settings/remote-engines), so a reload (and a screenshot URL) lands where it was. */
const hashParts = (): string[] => location.hash.replace(/^#\/?/, '').split('/')

function currentPage(): Page {
  const name = hashParts()[0] ?? ''
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'chat'
}

/** The id of the section the URL asks the page to bring into view, if any. */
export function currentSection(): string | null {
  return hashParts()[1] || null
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function usePage(): Page {
  return useSyncExternalStore(subscribe, currentPage)
}

export function navigate(page: Page, section?: string): void {
  location.hash = section ? `/${page}/${section}` : `/${page}`
}
