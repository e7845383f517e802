import { create } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import type { AppErrorData } from '../../../shared/errors'
import type { HardwareProbe } from '../../../shared/hardware'
import { toErrorData } from '../../../shared/errors'
import { call, on } from '../bridge'

interface HardwareState {
  probe: HardwareProbe | null
  appInfo: AppInfo | null
  error: AppErrorData | null
  refresh(): Promise<void>
}

export const useHardware = create<HardwareState>()(() => ({
  probe: null,
  appInfo: null,
  error: null,
  async refresh() {
    try {
      useHardware.setState({ probe: await call('hardware:probe', { refresh: true }), error: null })
    } catch (error) {
      useHardware.setState({ error: toErrorData(error) })
    }
  }
}))

export function startHardwareSync(): () => void {
  void call('app:info', {}).then(
    (appInfo) => useHardware.setState({ appInfo }),
    (error: unknown) => useHardware.setState({ error: toErrorData(error) })
  )
  void call('hardware:probe', {}).then(
    (probe) => useHardware.setState({ probe, error: null }),
    (error: unknown) => useHardware.setState({ error: toErrorData(error) })
  )
  return on('hardware:updated', (probe) => useHardware.setState({ probe }))
}
