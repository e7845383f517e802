import { DownloadsStatus } from '../features/downloads/DownloadsStatus'
import { ApiServerStatus } from '../features/settings/ApiServerStatus'
import { LiveMeters } from '../features/hardware/LiveMeters'
import { ModelStatus } from './ModelStatus'

export function StatusBar(): React.JSX.Element {
  return (
    <footer className="status-bar" aria-label="Status">
      <ModelStatus />
      <span className="status-bar__meters">
        <LiveMeters />
      </span>
      <ApiServerStatus />
      <DownloadsStatus />
    </footer>
  )
}
