/**
 * `GET /v1/models` on a remote server: the ids it serves and, where it says, each one's context length. Servers
 * name that figure differently: vLLM and this app's own API server `max_model_len`, LM Studio and this app
 * `context_length`, llama-server `meta.n_ctx_train` (the trained context; its `--ctx-size` is not listed). SGLang
 * and Ollama list none (null: the chat then trims by nothing and lets the server refuse).
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import type { RemoteModel } from '../../../shared/remote-engines'
import { httpError, readText, remoteRequest, retryAfterSeconds, serverMessage, type RemoteAgents, type RemoteTarget, type RemoteTimeouts } from './remote-http'

const positive = z.number().int().positive()

const ListedModel = z.object({
  id: z.string().min(1),
  owned_by: z.string().nullish(),
  max_model_len: positive.nullish().catch(null),
  context_length: positive.nullish().catch(null),
  meta: z.object({ n_ctx_train: positive.nullish().catch(null) }).loose().nullish().catch(null)
})

const ModelListBody = z.object({ data: z.array(z.unknown()) })

/** The models in a `/v1/models` body, or null when the body is not OpenAI's list. Entries without an id are skipped. */
export function parseModelList(body: unknown): RemoteModel[] | null {
  const list = ModelListBody.safeParse(body)
  if (!list.success) return null
  return list.data.data.flatMap((entry) => {
    const model = ListedModel.safeParse(entry)
    if (!model.success) return []
    const { id, owned_by, max_model_len, context_length, meta } = model.data
    return [{ id, contextLength: max_model_len ?? context_length ?? meta?.n_ctx_train ?? null, ownedBy: owned_by ?? null }]
  })
}

export async function listRemoteModels(target: RemoteTarget, agents: RemoteAgents, timeouts: RemoteTimeouts): Promise<RemoteModel[]> {
  const response = await remoteRequest(target, '/models', { method: 'GET', agent: agents.list, timeouts })
  const text = await readText(response, target, timeouts)
  if (response.status !== 200) throw httpError(target, response.status, serverMessage(text), retryAfterSeconds(response.headers['retry-after']))
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  const models = parseModelList(body)
  if (!models) {
    throw new AppError({
      code: 'remote-not-openai',
      engineName: target.name,
      message: `${target.name} answered ${target.baseUrl}/models, but not with an OpenAI model list.`,
      hint: 'Check that the address is the OpenAI-compatible API (usually ending in /v1), not a web page or another API.',
      details: text.slice(0, 500)
    })
  }
  return models
}
