/** The legacy `/v1/completions` wire format: a raw prompt continued as it is, with no chat template. */
import { z } from 'zod'
import type { FinishReason, Usage } from './chat'
import { GenerationFields } from './chat'

export const CompletionRequest = z.object({
  ...GenerationFields,
  prompt: z.union([z.string().max(2_000_000), z.array(z.string().max(2_000_000)).length(1)]),
  echo: z.boolean().nullish(),
  suffix: z.string().nullish()
})
export type CompletionRequest = z.infer<typeof CompletionRequest>

export interface Completion {
  id: string
  object: 'text_completion'
  created: number
  model: string
  choices: Array<{ index: number; text: string; finish_reason: FinishReason | null; logprobs: null }>
  usage?: Usage
}
