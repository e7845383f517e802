/**
 * A raw completion on one context sequence (/v1/completions): the prompt is fed as written, with the special
 * tokens in it parsed as llama-server does, and no chat template around it.
 */
import { LlamaCompletion, type LlamaModel, type Token } from 'node-llama-cpp'
import type { CompletionRequest } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import { contextNeeded, GenerationClock, responseGrammar, samplingOptions, stopReasonOf, type Placement } from './generation-options'
import type { GenerateOutcome, StreamPiece } from './protocol'

export function completionTokens(model: LlamaModel, contextSize: number, request: CompletionRequest): Token[] {
  const tokens = model.tokenize(request.prompt, true)
  if (tokens.length >= contextSize - 1) {
    throw new AppError({
      code: 'prompt-too-long',
      message: `The prompt is too long for this context: ${tokens.length.toLocaleString('en')} tokens, and the context holds ${contextSize.toLocaleString('en')}.`,
      hint: 'Shorten it, or load the model with a larger context.',
      contextNeeded: contextNeeded(tokens.length, request.sampling?.maxTokens)
    })
  }
  return tokens
}

export async function generateCompletion(
  placement: Placement,
  request: CompletionRequest,
  tokens: Token[],
  signal: AbortSignal,
  emit: (piece: StreamPiece) => void
): Promise<GenerateOutcome> {
  const { sequence } = placement
  const contextSize = sequence.context.contextSize
  const clock = new GenerationClock(placement)
  const grammar = await responseGrammar(sequence.model.llama, request.responseFormat)
  const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false })
  try {
    const { response, metadata } = await completion.generateCompletionWithMeta(tokens, {
      signal,
      stopOnAbortSignal: true,
      disableContextShift: true,
      maxTokens: Math.min(request.sampling?.maxTokens ?? Infinity, contextSize - tokens.length - 1),
      ...samplingOptions(request.sampling),
      ...(grammar && { grammar }),
      ...(request.stop && { customStopTriggers: request.stop }),
      onToken: clock.onToken,
      onTextChunk: (text) => emit({ kind: 'text', text })
    })
    return {
      text: response,
      reasoning: '',
      stopReason: stopReasonOf(metadata.stopReason),
      toolCalls: [],
      droppedMessages: 0,
      stats: clock.stats(tokens.length)
    }
  } finally {
    completion.dispose({ disposeSequence: false })
  }
}
