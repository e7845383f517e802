/**
 * The model picker's one select holds installed files ("exaone-4.0-1.2b:Q4_K_M") and remote engines' models side by
 * side: a remote model's option value names its engine and model, and reads back as the choice `engines:use` takes.
 */
import { catalogEntryForRemote } from '../../../../shared/chat-recommendations'
import type { LoadedModel } from '../../../../shared/engine'
import type { EngineChoice, RemoteEngine } from '../../../../shared/remote-engines'

type RemoteChoice = Extract<EngineChoice, { kind: 'remote' }>

const prefix = 'remote:'

export function remoteOptionValue({ engineId, modelId }: Omit<RemoteChoice, 'kind'>): string {
  return `${prefix}${engineId}:${modelId}`
}

/** The remote choice an option stands for, or null for a local file. Engine ids have no colon; model ids may. */
export function remoteChoiceOf(value: string): RemoteChoice | null {
  if (!value.startsWith(prefix)) return null
  const rest = value.slice(prefix.length)
  const colon = rest.indexOf(':')
  if (colon < 1 || colon === rest.length - 1) return null
  return { kind: 'remote', engineId: rest.slice(0, colon), modelId: rest.slice(colon + 1) }
}

/** The models an engine offers the chat: the one it was limited to, else every model its last test listed. */
export function offeredModels(engine: RemoteEngine): string[] {
  return engine.modelId ? [engine.modelId] : engine.models.map((model) => model.id)
}

/**
 * Whether the chat's reasoning switch applies to a remote model: an EXAONE the catalog knows thinks always or never
 * as it does locally (the backend sends the switch accordingly); any other model gets the switch, sent the server's way.
 */
export function remoteReasoning(modelId: string): LoadedModel['reasoning'] {
  const reasoning = catalogEntryForRemote(modelId)?.reasoning
  return reasoning === 'always' ? 'always' : reasoning === 'none' ? 'never' : 'optional'
}
