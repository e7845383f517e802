import { create } from 'zustand'
import { defaultContextTokens } from '../../../../shared/engine'
import { findWhatIfProfile, type HardwareProfile } from '../../../../shared/hardware-profiles'
import { useHardware } from '../../stores/hardware'

/** Context lengths the slider offers: 2K to 256K tokens, doubling. */
export const contextSteps = [2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072, 262_144] as const

interface ModelsViewState {
  contextTokens: number
  /** A what-if profile id, or null for this computer. */
  profileId: string | null
  setContext(tokens: number): void
  setProfile(id: string | null): void
}

export const useModelsView = create<ModelsViewState>()((set) => ({
  contextTokens: defaultContextTokens,
  profileId: null,
  setContext: (contextTokens) => set({ contextTokens }),
  setProfile: (profileId) => set({ profileId })
}))

/** The machine the advice is for: a what-if profile, or this computer's latest probe (null while probing). */
export function useAdvisedHardware(): HardwareProfile | null {
  const profileId = useModelsView((state) => state.profileId)
  const probe = useHardware((state) => state.probe)
  return profileId ? (findWhatIfProfile(profileId)?.hardware ?? null) : probe
}
