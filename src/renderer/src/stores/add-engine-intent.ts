import { create } from 'zustand'
import { navigate } from './navigation'

/** What the add-engine form starts with when another page opens it (the cloud planner's "Connect"). */
export interface AddEnginePrefill {
  name?: string
  baseUrl?: string
}

interface AddEngineIntent {
  /** Set until the form has opened with it. */
  prefill: AddEnginePrefill | null
}

export const useAddEngineIntent = create<AddEngineIntent>()(() => ({ prefill: null }))

/** Opens Settings with the add-engine form showing, these values in it and its address field focused. */
export function openAddEngine(prefill: AddEnginePrefill = {}): void {
  useAddEngineIntent.setState({ prefill })
  navigate('settings')
}

/** The form takes the prefill once, so a later visit to Settings does not reopen it. */
export function takeAddEnginePrefill(): AddEnginePrefill | null {
  const { prefill } = useAddEngineIntent.getState()
  if (prefill) useAddEngineIntent.setState({ prefill: null })
  return prefill
}
