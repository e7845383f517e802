import { lazy, Suspense, useEffect } from 'react'
import { pageDataset } from '../../shared/page-preferences'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { nonePending } from './bridge'
import { ChatPage } from './features/chat/ChatPage'
import { useModelMemoryNeed } from './features/chat/model-memory'
import { useLocale } from './i18n'
import { usePage, type Page } from './stores/navigation'
import { useSettings } from './stores/settings'

/**
 * The chat page is in the first chunk because the window opens on it; the others are chunks of their own, fetched
 * once the backend's first answers are in and the window is idle, so they are there before anyone clicks without
 * competing with the first screen (docs/performance.md).
 */
const laterPages = {
  models: async () => ({ default: (await import('./features/models/ModelsPage')).ModelsPage }),
  library: async () => ({ default: (await import('./features/library/LibraryPage')).LibraryPage }),
  hardware: async () => ({ default: (await import('./features/hardware/HardwarePage')).HardwarePage }),
  settings: async () => ({ default: (await import('./features/settings/SettingsPage')).SettingsPage })
} satisfies Record<Exclude<Page, 'chat'>, () => Promise<{ default: () => React.JSX.Element }>>

const pageComponents: Record<Page, React.ComponentType> = {
  chat: ChatPage,
  models: lazy(laterPages.models),
  library: lazy(laterPages.library),
  hardware: lazy(laterPages.hardware),
  settings: lazy(laterPages.settings)
}

export function App(): React.JSX.Element {
  const page = usePage()
  const locale = useLocale()
  const theme = useSettings((state) => state.settings.theme)
  const sidebar = useSettings((state) => state.settings.sidebar)

  useEffect(() => {
    let idle: number | null = null
    let cancelled = false
    void nonePending().then(() => {
      if (!cancelled) idle = requestIdleCallback(() => Object.values(laterPages).forEach((load) => void load()))
    })
    return () => {
      cancelled = true
      if (idle !== null) cancelIdleCallback(idle)
    }
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  useEffect(() => {
    const { dataset } = document.documentElement
    for (const [name, value] of Object.entries(pageDataset({ theme, sidebar }))) {
      if (value) dataset[name] = value
      else delete dataset[name]
    }
  }, [theme, sidebar])

  useModelMemoryNeed()

  const Current = pageComponents[page]
  return (
    <div className="app">
      <Sidebar />
      <main className="content" data-page={page}>
        <Suspense fallback={null}>
          <Current />
        </Suspense>
      </main>
      <StatusBar />
    </div>
  )
}
