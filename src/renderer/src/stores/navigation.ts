import { useSyncExternalStore } from 'react'

export const pages = ['chat', 'models', 'library', 'hardware', 'settings'] as const
export type Page = (typeof pages)[number]

/** The page lives in the URL hash, so a reload (and a screenshot URL) lands where it was. */
function currentPage(): Page {
  const name = location.hash.replace(/^#\/?/, '')
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'chat'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function usePage(): Page {
  return useSyncExternalStore(subscribe, currentPage)
}

export function navigate(page: Page): void {
  location.hash = `/${page}`
}
