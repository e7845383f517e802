import { create } from 'zustand'
import type { MonitorTick } from '../../../shared/monitor'
import { monitorTiming, type RequiredMemory } from '../../../shared/monitor-plain'
import { call, on } from '../bridge'

interface MonitorState {
  /** Oldest first, at most `windowMs` old. */
  ticks: MonitorTick[]
  windowMs: number
  intervalMs: number
  /** What the loaded model still needs free; set by whoever loads models, null while none is loaded. */
  requiredBytes: RequiredMemory | null
  setRequiredBytes(required: RequiredMemory | null): void
}

export const useMonitor = create<MonitorState>()((set) => ({
  ticks: [],
  ...monitorTiming,
  requiredBytes: null,
  setRequiredBytes: (requiredBytes) => set({ requiredBytes })
}))

export function useLatestTick(): MonitorTick | null {
  return useMonitor((state) => state.ticks.at(-1) ?? null)
}

/**
 * Follows the live monitor while the window is visible. Hidden or minimised, it unsubscribes, and the backend
 * stops sampling when nobody else listens; on return it fetches the history it missed.
 */
export function startMonitorSync(): () => void {
  let unsubscribe: (() => void) | null = null
  const follow = (): void => {
    if (document.visibilityState === 'hidden') {
      unsubscribe?.()
      unsubscribe = null
      return
    }
    if (unsubscribe) return
    unsubscribe = on('monitor:tick', (tick) => addTicks([tick]))
    call('monitor:history', {}).then(
      (history) => {
        useMonitor.setState({ windowMs: history.windowMs, intervalMs: history.intervalMs })
        addTicks(history.ticks)
      },
      // Without history the charts start from now; ticks still arrive.
      () => undefined
    )
  }
  follow()
  document.addEventListener('visibilitychange', follow)
  return () => {
    document.removeEventListener('visibilitychange', follow)
    unsubscribe?.()
  }
}

function addTicks(incoming: MonitorTick[]): void {
  useMonitor.setState((state) => {
    // A restarted backend counts from 0 again, so a tick is known by its number and its time together.
    const byKey = new Map([...state.ticks, ...incoming].map((tick) => [`${tick.seq}@${tick.at}`, tick]))
    const ticks = [...byKey.values()].sort((a, b) => a.at - b.at)
    const newest = ticks.at(-1)?.at ?? 0
    return { ticks: ticks.filter((tick) => tick.at > newest - state.windowMs) }
  })
}
