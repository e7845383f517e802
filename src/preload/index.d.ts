import type { ExaoneBridge } from '../shared/contract'

declare global {
  interface Window {
    /** Installed by the preload in Electron, by the WebSocket client in the browser harness. */
    exaone?: ExaoneBridge
  }
}
