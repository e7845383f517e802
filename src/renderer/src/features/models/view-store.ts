import { useMemo } from 'react'
import { create } from 'zustand'
import { defaultContextTokens } from '../../../../shared/engine-plain'
import { customMachineId, customMachineProfile, findWhatIfProfile, type HardwareProfile } from '../../../../shared/hardware-profiles'
import { useHardware } from '../../stores/hardware'
import { useSettings } from '../../stores/settings'

/** Context lengths the slider offers: 2K to 256K tokens, doubling. */
export const contextSteps = [2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072, 262_144] as const

interface ModelsViewState {
  contextTokens: number
  /** A what-if profile id, `customMachineId` for the machine described in Settings, or null for this computer. */
  profileId: string | null
  /** Whether the custom-machine editor is open. */
  editingMachine: boolean
  setContext(tokens: number): void
  setProfile(id: string | null): void
  setEditingMachine(open: boolean): void
}

export const useModelsView = create<ModelsViewState>()((set) => ({
  contextTokens: defaultContextTokens,
  profileId: null,
  editingMachine: false,
  setContext: (contextTokens) => set({ contextTokens }),
  setProfile: (profileId) => set({ profileId }),
  setEditingMachine: (editingMachine) => set({ editingMachine })
}))

/**
 * The machine the advice is for: a what-if profile, the custom machine as saved (so a change to it, from this window
 * or another, moves every verdict at once), or this computer's latest probe (null while probing).
 */
export function useAdvisedHardware(): HardwareProfile | null {
  const profileId = useModelsView((state) => state.profileId)
  const probe = useHardware((state) => state.probe)
  const customMachine = useSettings((state) => state.settings.customMachine)
  // Made once per saved machine, so the page's verdicts are not recomputed on every render.
  const custom = useMemo(() => customMachine && customMachineProfile(customMachine), [customMachine])
  if (profileId === customMachineId) return custom ?? probe
  return profileId ? (findWhatIfProfile(profileId)?.hardware ?? null) : probe
}
