import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// Order is the cascade: tokens, base, shared primitives and components; each feature's sheet comes with its page.
import './styles/tokens.css'
import './styles/base.css'
import './styles/primitives.css'
import './components/components.css'
// The status bar's download count is on the first screen and the pages' download rows share it; it is imported only
// here so that it is part of the first screen's one stylesheet, which the build inlines into the page
// (inlineFirstScreenStyles in electron.vite.config.ts).
import './features/downloads/downloads.css'
import { App } from './App'
import { startApiServerSync } from './stores/api-server'
import { startChatsSync } from './stores/chats'
import { startCatalogSync } from './stores/catalog'
import { startDownloadsSync } from './stores/downloads'
import { startEngineSync } from './stores/engine'
import { startHardwareSync } from './stores/hardware'
import { startLibrarySync } from './stores/library'
import { startMonitorSync } from './stores/monitor'
import { startRemoteEnginesSync } from './stores/remote-engines'
import { startSettingsSync } from './stores/settings'

// The backend is asked before the first render, not from an effect after it: the answers travel while React renders
// and paints, and the shell fills in one render later rather than a round trip later. They follow it for the window's life.
for (const start of [startSettingsSync, startHardwareSync, startMonitorSync, startEngineSync, startChatsSync, startDownloadsSync, startLibrarySync, startCatalogSync, startApiServerSync, startRemoteEnginesSync]) start()

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>
)
