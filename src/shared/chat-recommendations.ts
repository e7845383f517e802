/**
 * What LG recommends for the loaded model (docs/exaone.md#recommended-sampling): the sampling preset for the mode and the system prompt
 * a new chat starts with. Shared so the window's settings drawer can show the same numbers the backend uses.
 */
import { fileStem } from './catalog/catalog'
import { modelById } from './catalog/lookup'
import { models, type Family, type ModelEntry } from './catalog/models'
import { normaliseName } from './catalog/quantisations'
import type { ChatFormatName, LoadedModel, Sampling } from './engine'

export const exaone35SystemPrompt = 'You are EXAONE model from LG AI Research, a helpful assistant.'

const familyOfFormat: Record<ChatFormatName, Family> = { exaone4: '4.0', 'exaone3.5': '3.5', 'exaone-deep': 'deep' }

type ModelIdentity = Pick<LoadedModel, 'modelId' | 'path' | 'name' | 'format'>

/**
 * The catalog entry of a loaded model: an installed one by its id; a file outside the library by its file name,
 * then its GGUF name, then (for renamed files) its chat format.
 */
export function catalogEntryFor(model: ModelIdentity): ModelEntry | undefined {
  const installed = model.modelId === null ? undefined : modelById(models, model.modelId)
  if (installed) return installed
  const fileName = model.path.split(/[\\/]/).pop() ?? ''
  const calledBy = (name: string) => (entry: ModelEntry): boolean =>
    [fileStem(entry.repo), entry.name].some((known) => normaliseName(name).startsWith(normaliseName(known)))
  return models.find(calledBy(fileName)) ?? models.find(calledBy(model.name)) ?? models.find((entry) => entry.family === familyOfFormat[model.format])
}

/** Whether an answer will think: some models always do, some never can, the rest follow the chat's switch. */
function reasoningFor(entry: ModelEntry | undefined, wanted: boolean): boolean {
  if (entry?.reasoning === 'always') return true
  if (entry?.reasoning === 'none') return false
  return wanted
}

/**
 * The catalog entry a remote server's model id names, where it recognisably is one: "LGAI-EXAONE/EXAONE-4.0-32B"
 * (vLLM, SGLang), "EXAONE-4.0-32B-Q4_K_M.gguf" (llama-server), "exaone-4.0-1.2b:Q4_K_M" (this app's API server),
 * "hf.co/LGAI-EXAONE/EXAONE-4.0-32B-GGUF:Q4_K_M" (Ollama). Anything else is undefined: no recommendations apply.
 */
export function catalogEntryForRemote(remoteModelId: string): ModelEntry | undefined {
  const last = (remoteModelId.split('/').pop() ?? remoteModelId).split(':')[0] ?? ''
  const installed = modelById(models, last.toLowerCase())
  if (installed) return installed
  const wanted = normaliseName(last)
  return models.find((entry) => [fileStem(entry.repo), entry.name].some((known) => wanted.startsWith(normaliseName(known))))
}

export function recommendedSampling(model: ModelIdentity, reasoning: boolean): Sampling {
  return entrySampling(catalogEntryFor(model), reasoning)
}

/** LG's preset for a catalog entry in the chat's mode; nothing for a model outside the catalog. */
export function entrySampling(entry: ModelEntry | undefined, reasoning: boolean): Sampling {
  if (!entry) return {}
  const { chat, reasoning: thinking } = entry.sampling
  const preset = reasoningFor(entry, reasoning) ? (thinking ?? chat) : (chat ?? thinking)
  if (!preset) return {}
  return {
    temperature: preset.temperature,
    ...(preset.topP !== undefined && { topP: preset.topP }),
    ...(preset.presencePenalty !== undefined && { presencePenalty: preset.presencePenalty }),
    // LG gives a ceiling; using the ceiling itself (1.0) means no penalty.
    ...(preset.repeatPenaltyMax !== undefined && { repeatPenalty: preset.repeatPenaltyMax })
  }
}

export function recommendedSystemPrompt(model: ModelIdentity | undefined): string {
  return entrySystemPrompt(model && catalogEntryFor(model))
}

export function entrySystemPrompt(entry: ModelEntry | undefined): string {
  return entry?.family === '3.5' ? exaone35SystemPrompt : ''
}
