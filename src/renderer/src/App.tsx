import { useEffect } from 'react'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { ChatPage } from './features/chat/ChatPage'
import { useModelMemoryNeed } from './features/chat/model-memory'
import { HardwarePage } from './features/hardware/HardwarePage'
import { LibraryPage } from './features/library/LibraryPage'
import { ModelsPage } from './features/models/ModelsPage'
import { SettingsPage } from './features/settings/SettingsPage'
import { useLocale } from './i18n'
import { startApiServerSync } from './stores/api-server'
import { startChatsSync } from './stores/chats'
import { startCatalogSync } from './stores/catalog'
import { startDownloadsSync } from './stores/downloads'
import { startEngineSync } from './stores/engine'
import { startHardwareSync } from './stores/hardware'
import { startLibrarySync } from './stores/library'
import { startMonitorSync } from './stores/monitor'
import { usePage, type Page } from './stores/navigation'
import { startRemoteEnginesSync } from './stores/remote-engines'
import { startSettingsSync, useSettings } from './stores/settings'

const pageComponents: Record<Page, () => React.JSX.Element> = {
  chat: ChatPage,
  models: ModelsPage,
  library: LibraryPage,
  hardware: HardwarePage,
  settings: SettingsPage
}

export function App(): React.JSX.Element {
  const page = usePage()
  const locale = useLocale()
  const theme = useSettings((state) => state.settings.theme)

  useEffect(() => {
    const stops = [startSettingsSync(), startHardwareSync(), startMonitorSync(), startEngineSync(), startChatsSync(), startDownloadsSync(), startLibrarySync(), startCatalogSync(), startApiServerSync(), startRemoteEnginesSync()]
    return () => stops.forEach((stop) => stop())
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])

  useModelMemoryNeed()

  const Current = pageComponents[page]
  return (
    <div className="app">
      <Sidebar />
      <main className="content" data-page={page}>
        <Current />
      </main>
      <StatusBar />
    </div>
  )
}
