/**
 * EXAONE formats as node-llama-cpp chat wrappers. node-llama-cpp's generic Jinja wrapper loses 4.0's system
 * prompt (its Jinja engine drops output before `{% continue %}`) and llama.cpp's built-in EXAONE 4 format differs
 * from LG's, so the prompt is rendered from formats.ts instead. Reasoning is a node-llama-cpp "thought" segment,
 * opened at the start of the answer, so the thought streams apart from the answer.
 */
import {
  ChatWrapper,
  LlamaText,
  SpecialToken,
  SpecialTokensText,
  type ChatHistoryItem,
  type ChatModelResponse,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  type ChatWrapperSettings
} from 'node-llama-cpp'
import type { ChatFormat, PromptPart } from './formats'

export function toLlamaText(parts: readonly PromptPart[]): LlamaText {
  return LlamaText(parts.map((part) => (part.special ? new SpecialTokensText(part.text) : part.text)))
}

export class ExaoneChatWrapper extends ChatWrapper {
  readonly wrapperName: string
  override readonly settings: ChatWrapperSettings

  constructor(
    readonly format: ChatFormat,
    readonly reasoning: boolean
  ) {
    super()
    this.wrapperName = `EXAONE ${format.name}${reasoning ? ' (reasoning)' : ''}`
    this.settings = {
      ...ChatWrapper.defaultSettings,
      supportsSystemMessages: true,
      segments: format.thought
        ? {
            thought: {
              prefix: toLlamaText(format.thought.prefix),
              suffix: toLlamaText(format.thought.suffix),
              openOnResponseStart: reasoning
            }
          }
        : {}
    }
  }

  override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const parts: PromptPart[] = []
    chatHistory.forEach((item, index) => {
      const inProgress = index === chatHistory.length - 1 && item.type === 'model'
      parts.push(...(inProgress ? this.renderAnswerSoFar(item.response) : this.renderPastItem(item)))
    })
    const endOfTurn = this.format.endOfTurn
    return {
      contextText: toLlamaText(parts),
      stopGenerationTriggers: [LlamaText(new SpecialToken('EOS')), LlamaText(new SpecialTokensText(endOfTurn)), LlamaText(endOfTurn)]
    }
  }

  private renderPastItem(item: ChatHistoryItem): PromptPart[] {
    if (item.type === 'system') return this.format.system(LlamaText.fromJSON(item.text).toString())
    if (item.type === 'user') return this.format.user(item.text)
    return this.format.pastAssistant(answerOf(item.response))
  }

  /** The turn being written: its opening, then what the model has produced so far, segments included. */
  private renderAnswerSoFar(response: ChatModelResponse['response']): PromptPart[] {
    const parts = [...this.format.assistantStart]
    if (!this.reasoning) parts.push(...this.format.withoutReasoning)
    for (const item of response) {
      if (typeof item === 'string') parts.push({ text: item, special: false })
      else if (item.type === 'segment' && item.segmentType === 'thought' && this.format.thought) {
        parts.push(...this.format.thought.prefix, { text: item.text, special: false })
        if (item.ended) parts.push(...this.format.thought.suffix)
      }
    }
    return parts
  }
}

function answerOf(response: ChatModelResponse['response']): string {
  return response
    .filter((item): item is string => typeof item === 'string')
    .join('')
    .trim()
}
