/** The inference engine's part of the contract: load a model, generate with streaming, abort, and its state. */
import { z } from 'zod'
import { QuantLabel } from './library'
import { engineStopCodes } from './errors'
import { contextLimits, samplingLimits, type Limit } from './engine-plain'

export const ChatRole = z.enum(['system', 'user', 'assistant', 'tool'])

/** OpenAI's rule for function names; it also keeps a name safe inside the prompt's `"name": "…"`. */
const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A tool name is 1 to 64 letters, digits, underscores or dashes.')

/** A call the model made: `arguments` is the JSON text of its arguments, as OpenAI sends it. */
export const ToolCall = z.object({
  id: z.string().min(1).max(200),
  name: toolName,
  arguments: z.string().max(2_000_000)
})
export type ToolCall = z.infer<typeof ToolCall>

export const ChatMessage = z.object({
  role: ChatRole,
  content: z.string().max(2_000_000),
  /** An assistant turn's reasoning; kept for the UI, never fed back to the model (the formats drop it). */
  reasoning: z.string().max(2_000_000).optional(),
  /** An assistant turn's tool calls (only assistant turns have them). */
  toolCalls: z.array(ToolCall).max(128).optional(),
  /** A tool turn's answer to this call id (only tool turns have it). */
  toolCallId: z.string().min(1).max(200).optional()
})
export type ChatMessage = z.infer<typeof ChatMessage>

/** A function the model may call; rendered into the system turn as LG's template does. */
export const ToolDefinition = z.object({
  name: toolName,
  description: z.string().max(100_000).optional(),
  /** A JSON schema of its arguments; the call's arguments are forced to it by grammar. */
  parameters: z.record(z.string(), z.unknown()).optional()
})
export type ToolDefinition = z.infer<typeof ToolDefinition>

/** none: never call; auto: the model decides; required: some call; { name }: that function. */
export const ToolChoice = z.union([z.enum(['none', 'auto', 'required']), z.object({ name: toolName }).strict()])
export type ToolChoice = z.infer<typeof ToolChoice>

/** What the answer must be: free text, any JSON object, or JSON matching a schema; JSON is enforced by grammar. */
export const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).strict(),
  z.object({ type: z.literal('json_object') }).strict(),
  z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).strict()
])
export type ResponseFormat = z.infer<typeof ResponseFormat>

const limited = ({ min, max, integer }: Limit) => (integer ? z.number().int() : z.number()).min(min).max(max)

export const Sampling = z
  .object({
    temperature: limited(samplingLimits.temperature),
    topP: limited(samplingLimits.topP),
    topK: limited(samplingLimits.topK),
    minP: limited(samplingLimits.minP),
    presencePenalty: limited(samplingLimits.presencePenalty),
    frequencyPenalty: limited(samplingLimits.frequencyPenalty),
    repeatPenalty: limited(samplingLimits.repeatPenalty),
    maxTokens: limited(samplingLimits.maxTokens),
    seed: limited(samplingLimits.seed)
  })
  .partial()
export type Sampling = z.infer<typeof Sampling>

export const ChatFormatName = z.enum(['exaone4', 'exaone3.5', 'exaone-deep'])
export type ChatFormatName = z.infer<typeof ChatFormatName>

/** The most answers a model writes at once unless a load asks for more (LoadOptions.sequences). */
export const maxAutoSequences = 4

/** What the model needs in memory as the fit advisor placed it: system RAM, and VRAM on the GPUs. */
export const ModelMemory = z.object({ ramBytes: z.number().nonnegative(), vramBytes: z.number().nonnegative() })
export type ModelMemory = z.infer<typeof ModelMemory>

/** How a model loads; what is left out the fit advisor decides (GPU layers) or the engine's defaults. */
export const LoadOptions = z.object({
  contextSize: z.number().int().min(contextLimits.min).max(contextLimits.max).optional(),
  /** Layers to put on the GPU; omitted means what the fit advisor decides. */
  gpuLayers: z.number().int().min(0).max(1000).optional(),
  flashAttention: z.boolean().optional(),
  kvCacheType: z.enum(['f16', 'q8_0']).optional(),
  /** Answers written at once, each with its own context of contextSize; omitted means what fits, at most 4. */
  sequences: z.number().int().min(1).max(16).optional(),
  /**
   * Speculative decoding: a smaller .gguf with the same vocabulary (EXAONE 4.0 1.2B for 4.0 32B) drafts tokens that
   * the model checks in one batch; greedy answers are the same as without it, only faster where drafts are right.
   */
  draft: z
    .object({
      path: z.string().min(1).max(4096),
      /** Drafting stops at a token the draft model is less sure of than this (0 to 1; 0.6 when not given). */
      minConfidence: z.number().min(0).max(1).optional()
    })
    .strict()
    .optional()
})
export type LoadOptions = z.infer<typeof LoadOptions>

const loadFields = {
  ...LoadOptions.shape,
  /** Load even when the fit advisor says it will not fit. */
  override: z.boolean().optional()
}

/**
 * An installed model by the library's ids ("exaone-4.0-1.2b", "Q4_K_M"), or a .gguf file outside the library by
 * its absolute path. The backend resolves the ids, and the fit advisor decides whether and how it loads.
 */
export const LoadRequest = z.union(
  [
    z.object({ modelId: z.string().min(1).max(200), quantId: QuantLabel, ...loadFields }).strict(),
    z.object({ path: z.string().min(1).max(4096), ...loadFields }).strict()
  ],
  {
    error: `Name an installed model with {modelId, quantId} (ids as the library lists them: "exaone-4.0-1.2b" and "Q4_K_M", or "custom:…" and its precision), or a .gguf file outside the library with {path}, not both; the options are contextSize, gpuLayers, flashAttention, kvCacheType, sequences and override.`
  }
)
export type LoadRequest = z.infer<typeof LoadRequest>

/** Which model the engine has, or is loading: the library's ids (null for a file outside it), its file, and its memory. */
export const LoadTarget = z.object({
  modelId: z.string().nullable(),
  quantId: QuantLabel.nullable(),
  path: z.string(),
  /** What the fit advisor computed it needs at this context; null for a file outside the library (no catalog entry to judge by). */
  memory: ModelMemory.nullable()
})
export type LoadTarget = z.infer<typeof LoadTarget>

export const LoadedModel = LoadTarget.extend({
  name: z.string(),
  architecture: z.string(),
  format: ChatFormatName,
  reasoning: z.enum(['optional', 'always', 'never']),
  contextSize: z.number().int(),
  trainedContextSize: z.number().int(),
  gpuLayers: z.number().int(),
  /** How many answers it writes at once (each sequence has contextSize tokens). */
  sequences: z.number().int(),
  totalLayers: z.number().int(),
  threads: z.number().int(),
  /** Tokens a prompt is decoded in at a time (`microBatchFor`: 2,048 on the CPU alone, 512 with layers on a GPU). */
  batchSize: z.number().int(),
  /**
   * Present when this load measured the thread counts (the first load of this model shape on this machine): what
   * each decoded, best of its runs, and the key the chosen count is remembered by.
   */
  threadCalibration: z.object({ key: z.string(), runs: z.array(z.object({ threads: z.number().int(), tokensPerSecond: z.number() })) }).optional(),
  /** The draft model drafting for it (LoadOptions.draftPath), when one does. */
  draft: z.object({ path: z.string(), name: z.string() }).optional(),
  loadMs: z.number()
})
export type LoadedModel = z.infer<typeof LoadedModel>

export const EngineState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  LoadTarget.extend({ status: z.literal('loading'), progress: z.number().min(0).max(1) }),
  z.object({ status: z.literal('ready'), model: LoadedModel }),
  /** Answering: the requests being written now (at most model.sequences), and how many wait in line. */
  z.object({ status: z.literal('generating'), model: LoadedModel, requestIds: z.array(z.string()), queued: z.number().int() }),
  /** The worker stopped (abort, out of memory, hang); the next load starts a fresh one. */
  /** `reason` in English for the CLI and logs; `code` for the window, which says it in the user's language. */
  z.object({ status: z.literal('stopped'), code: z.enum(engineStopCodes), reason: z.string(), details: z.string().optional() })
])
export type EngineState = z.infer<typeof EngineState>


const generateFields = {
  /** Chosen by the caller so it can match stream events and abort before the first one arrives. */
  requestId: z.string().min(1).max(100),
  sampling: Sampling.optional(),
  /** The answer ends before any of these texts (which are left out of it). */
  stop: z.array(z.string().min(1).max(1000)).max(16).optional(),
  responseFormat: ResponseFormat.optional()
}

/** A chat answer: the messages rendered in the model's chat format. */
export const ChatGenerateRequest = z
  .object({
    ...generateFields,
    messages: z.array(ChatMessage).min(1).max(10_000),
    reasoning: z.boolean().optional(),
    tools: z.array(ToolDefinition).max(128).optional(),
    /** Defaults to auto with tools, none without. */
    toolChoice: ToolChoice.optional(),
    /** false: at most one call per answer (OpenAI's parallel_tool_calls); several are allowed otherwise. */
    parallelToolCalls: z.boolean().optional(),
    /**
     * A conversation too long for the context with room for its answer: `drop-oldest` (the default, the window's
     * chat) leaves out the oldest exchanges; `refuse` fails with `prompt-too-long` and the context it needs
     * (`contextNeeded`), and refuses a `maxTokens` the context cannot hold after the prompt, so nothing is cut
     * unasked (the API server).
     */
    overflow: z.enum(['drop-oldest', 'refuse']).optional()
  })
  .strict()
export type ChatGenerateRequest = z.infer<typeof ChatGenerateRequest>

/** A raw completion: the prompt as the model sees it, no chat template; special tokens in it are parsed. */
export const CompletionRequest = z
  .object({ ...generateFields, prompt: z.string().min(1).max(2_000_000) })
  .strict()
export type CompletionRequest = z.infer<typeof CompletionRequest>

export const GenerateRequest = z.union([ChatGenerateRequest, CompletionRequest], {
  error: 'A generate request has either messages (a chat answer) or prompt (a raw completion), with a requestId.'
})
export type GenerateRequest = z.infer<typeof GenerateRequest>

export const GenerationStats = z.object({
  promptTokens: z.number().int(),
  /** Prompt tokens reused from the sequence's cache (OpenAI's usage.prompt_tokens_details.cached_tokens). */
  cachedTokens: z.number().int(),
  generatedTokens: z.number().int(),
  tokensPerSecond: z.number(),
  ttftMs: z.number(),
  totalMs: z.number(),
  contextSize: z.number().int(),
  /** Tokens in the context after this answer: what the context meter shows. */
  contextUsed: z.number().int(),
  /** With a draft model: its drafted tokens the model confirmed and refuted in this answer (acceptance rate). */
  draftTokens: z.object({ accepted: z.number().int(), rejected: z.number().int() }).optional()
})
export type GenerationStats = z.infer<typeof GenerationStats>

export const GenerateResult = z.object({
  requestId: z.string(),
  text: z.string(),
  reasoning: z.string(),
  /** end: the model ended (or a stop text came); tool-calls: it called tools (toolCalls holds them). */
  stopReason: z.enum(['end', 'max-tokens', 'aborted', 'tool-calls']),
  /** The calls the model made, ids assigned by the engine; empty without. */
  toolCalls: z.array(ToolCall),
  /** Oldest turns left out so the conversation fits the context (the system prompt never is). */
  droppedMessages: z.number().int(),
  stats: GenerationStats
})
export type GenerateResult = z.infer<typeof GenerateResult>

/** A piece of a tool call as it streams: the first piece of each call has id and name, later ones only arguments. */
export const ToolCallDelta = z.object({
  index: z.number().int(),
  id: z.string().optional(),
  name: z.string().optional(),
  argumentsDelta: z.string()
})
export type ToolCallDelta = z.infer<typeof ToolCallDelta>

/** A batch of streamed text: at most about one per frame per stream, numbered so order can be checked. */
export const StreamChunk = z.object({
  requestId: z.string(),
  seq: z.number().int(),
  text: z.string(),
  reasoning: z.string(),
  toolCalls: z.array(ToolCallDelta).optional()
})
export type StreamChunk = z.infer<typeof StreamChunk>

export const engineRequests = {
  'engine:state': { args: z.object({}).strict(), result: EngineState },
  'engine:load': { args: LoadRequest, result: LoadedModel },
  'engine:unload': { args: z.object({}).strict(), result: EngineState },
  'engine:generate': { args: GenerateRequest, result: GenerateResult },
  'engine:abort': { args: z.object({ requestId: z.string().min(1).max(100) }).strict(), result: z.object({ aborted: z.boolean() }) }
} as const

export const engineEvents = {
  'engine:state': EngineState,
  'engine:stream': StreamChunk
} as const

/** The result of a request that ended before it started (stopped while it waited). */
export function unstartedResult(requestId: string): GenerateResult {
  const stats = { promptTokens: 0, cachedTokens: 0, generatedTokens: 0, tokensPerSecond: 0, ttftMs: 0, totalMs: 0, contextSize: 0, contextUsed: 0 }
  return { requestId, text: '', reasoning: '', stopReason: 'aborted', toolCalls: [], droppedMessages: 0, stats }
}
