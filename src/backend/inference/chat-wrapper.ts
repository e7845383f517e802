/**
 * EXAONE formats as node-llama-cpp chat wrappers. node-llama-cpp's generic Jinja wrapper loses 4.0's system
 * prompt (its Jinja engine drops output before `{% continue %}`) and llama.cpp's built-in EXAONE 4 format differs
 * from LG's, so the prompt is rendered from formats.ts instead: the conversation is rendered once, in full, and
 * the wrapper adds the answer being written. Reasoning is a node-llama-cpp "thought" segment, opened at the start
 * of the answer, so the thought streams apart from the answer. Tool calls use node-llama-cpp's function calling
 * with EXAONE 4.0's call syntax, so a call's arguments are forced to its tool's schema by grammar.
 */
import {
  ChatWrapper,
  LlamaText,
  SpecialToken,
  SpecialTokensText,
  type ChatModelResponse,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  type ChatWrapperSettings
} from 'node-llama-cpp'
import { toolCallSyntax } from './exaone4-tools'
import type { ChatFormat, PromptPart } from './formats'

export function toLlamaText(parts: readonly PromptPart[]): LlamaText {
  return LlamaText(parts.map((part) => (part.special ? new SpecialTokensText(part.text) : part.text)))
}

export interface ExaoneWrapperOptions {
  reasoning: boolean
  /** The conversation before the answer, as formats.ts renders it (renderConversation). */
  conversation: readonly PromptPart[]
  /** Start the answer with a tool call (tool_choice required or a named function). */
  forceToolCall?: boolean
}

export class ExaoneChatWrapper extends ChatWrapper {
  readonly wrapperName: string
  override readonly settings: ChatWrapperSettings
  readonly reasoning: boolean

  constructor(
    readonly format: ChatFormat,
    private readonly options: ExaoneWrapperOptions
  ) {
    super()
    this.reasoning = options.reasoning
    this.wrapperName = `EXAONE ${format.name}${options.reasoning ? ' (reasoning)' : ''}`
    this.settings = {
      ...ChatWrapper.defaultSettings,
      supportsSystemMessages: true,
      functions: {
        call: {
          optionalPrefixSpace: false,
          prefix: toLlamaText(toolCallSyntax.prefix),
          paramsPrefix: toLlamaText(toolCallSyntax.paramsPrefix),
          suffix: toLlamaText(toolCallSyntax.suffix),
          emptyCallParamsPlaceholder: {}
        },
        // Results are rendered by formats.ts from the tool messages; node-llama-cpp never runs a tool here.
        result: { prefix: LlamaText(new SpecialTokensText('<tool_result>'), '{"result": '), suffix: LlamaText('}', new SpecialTokensText('</tool_result>')) },
        parallelism: { call: { sectionPrefix: '', betweenCalls: toLlamaText(toolCallSyntax.betweenCalls), sectionSuffix: LlamaText(new SpecialTokensText(format.endOfTurn)) } }
      },
      segments: format.thought
        ? {
            thought: {
              prefix: toLlamaText(format.thought.prefix),
              suffix: toLlamaText(format.thought.suffix),
              openOnResponseStart: options.reasoning
            }
          }
        : {}
    }
  }

  override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const last = chatHistory.at(-1)
    const endOfTurn = this.format.endOfTurn
    return {
      contextText: toLlamaText([...this.options.conversation, ...this.renderAnswerSoFar(last?.type === 'model' ? last.response : [])]),
      stopGenerationTriggers: [LlamaText(new SpecialToken('EOS')), LlamaText(new SpecialTokensText(endOfTurn)), LlamaText(endOfTurn)],
      // Nothing is injected: node-llama-cpp writes the call's prefix itself once it is in function-calling mode.
      ...(this.options.forceToolCall && { noPrefixTrigger: { type: 'functionCall', inject: LlamaText([]) } })
    }
  }

  /** The turn being written: its opening, then what the model has produced so far, segments included. */
  private renderAnswerSoFar(response: ChatModelResponse['response']): PromptPart[] {
    // With reasoning on, node-llama-cpp opens the thought itself (openOnResponseStart).
    const parts = [...this.format.assistantStart, ...(this.reasoning ? [] : this.format.withoutReasoning)]
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
