/** `GET /v1/models`: OpenAI's list, with the context lengths vLLM and LM Studio add and whether each is loaded. */
export interface ModelObject {
  /** `<model>:<precision>`, e.g. "exaone-4.0-1.2b:Q4_K_M"; the model id alone also names it in requests. */
  id: string
  object: 'model'
  created: number
  owned_by: string
  /** The longest context a request may use: the model's trained context (vLLM's field). */
  max_model_len: number
  /** The same figure under LM Studio's name. */
  context_length: number
  loaded: boolean
  /** The context it is loaded with, while it is. */
  loaded_context_length: number | null
}

export interface ModelList {
  object: 'list'
  data: ModelObject[]
}
