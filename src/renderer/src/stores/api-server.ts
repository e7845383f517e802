import { create } from 'zustand'
import type { ApiServerStatus, RequestLogEntry } from '../../../shared/api-server'
import { call, on } from '../bridge'

interface ApiServerState {
  status: ApiServerStatus | null
  /** The latest requests, newest last. */
  log: RequestLogEntry[]
  logPath: string
}

const shownEntries = 20

export const useApiServer = create<ApiServerState>()(() => ({ status: null, log: [], logPath: '' }))

/** Loads the server's status and log once, then follows both. */
export function startApiServerSync(): () => void {
  void call('api-server:status', {}).then((status) => useApiServer.setState({ status }))
  void call('api-server:log', {}).then(({ path, entries }) => useApiServer.setState({ log: entries.slice(-shownEntries), logPath: path }))
  const stops = [
    on('api-server:status', (status) => useApiServer.setState({ status })),
    on('api-server:request', (entry) => useApiServer.setState((state) => ({ log: [...state.log, entry].slice(-shownEntries) })))
  ]
  return () => stops.forEach((stop) => stop())
}
