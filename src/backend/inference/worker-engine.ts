/**
 * What runs inside the inference worker: node-llama-cpp with one model, one context and one sequence. A worker
 * loads once: the host starts a fresh one for every load and ends it to unload, so all of a model's memory goes.
 * It lives in its own process because llama.cpp can abort (GGML_ASSERT), run out of memory or hang in native
 * code, and none of that may take the window with it.
 */
import {
  getLlama,
  GgufInsights,
  LlamaChat,
  LlamaLogLevel,
  LlamaText,
  readGgufFileInfo,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel
} from 'node-llama-cpp'
import { AppError, stillAnswering } from '../../shared/errors'
import { defaultContextTokens, type ChatMessage, type GenerateResult } from '../../shared/engine'
import { ExaoneChatWrapper, toLlamaText } from './chat-wrapper'
import { reasoningEnabled, renderPrompt, type ChatFormat } from './formats'
import { chatFormatOf, checkComplete, checkGgufHeader, type FormatMetadata } from './gguf-check'
import type { WorkerGenerate, WorkerLoad, WorkerModel } from './protocol'

interface Loaded {
  model: LlamaModel
  context: LlamaContext
  sequence: LlamaContextSequence
  format: ChatFormat
  wrappers: Map<boolean, ExaoneChatWrapper>
}

export type GenerateOutcome = Omit<GenerateResult, 'requestId' | 'stats'> & {
  stats: Omit<GenerateResult['stats'], 'ttftMs'> & { workerTtftMs: number }
}

const recentLogLimit = 40

export class WorkerEngine {
  private llama: { gpu: WorkerLoad['gpu']; instance: Promise<Llama> } | null = null
  private loaded: Loaded | null = null
  private readonly running = new Map<string, AbortController>()
  private readonly recentLogs: string[] = []

  async load(request: WorkerLoad, onProgress: (progress: number) => void): Promise<WorkerModel> {
    const started = performance.now()
    const { sizeBytes } = await checkGgufHeader(request.path)
    const fileInfo = await readGgufFileInfo(request.path, { readTensorInfo: true })
    const format = chatFormatOf(request.path, fileInfo.metadata as FormatMetadata)

    const llama = await this.getLlama(request.gpu)
    const insights = await GgufInsights.from(fileInfo, llama)
    checkComplete(request.path, sizeBytes, (fileInfo.infoEndOffset ?? 0) + insights.modelSize)

    const trainedContextSize = insights.trainContextSize ?? 4096
    const contextSize = Math.min(request.contextSize ?? defaultContextTokens, trainedContextSize)

    const model = await this.failWithLog('The model could not be loaded', () =>
      llama.loadModel({
        modelPath: request.path,
        gpuLayers: request.gpu === false ? 0 : (request.gpuLayers ?? 'auto'),
        onLoadProgress: onProgress
      })
    )
    try {
      const context = await this.failWithLog('The model loaded, but its context could not be created', () =>
        model.createContext({
          contextSize,
          threads: request.threads,
          // The fit advisor assumes flash attention (compute scratch stays small as the context grows); llama.cpp turns it on where the backend supports it.
          flashAttention: request.flashAttention ?? 'auto',
          ...(request.kvCacheType === 'q8_0' && { experimentalKvCacheKeyType: 'Q8_0', experimentalKvCacheValueType: 'Q8_0' }),
          // The fit advisor decides what fits; node-llama-cpp's own context estimate is about twice the real need.
          ignoreMemorySafetyChecks: true,
          failedCreationRemedy: false
        })
      )
      const info: WorkerModel = {
        path: request.path,
        name: fileInfo.metadata.general?.name ?? request.path.split(/[\\/]/).pop() ?? 'EXAONE',
        architecture: String(fileInfo.metadata.general?.architecture),
        format: format.name,
        reasoning: format.reasoning,
        contextSize: context.contextSize,
        trainedContextSize,
        gpuLayers: model.gpuLayers,
        sequences: 1,
        totalLayers: insights.totalLayers,
        threads: request.threads,
        loadMs: performance.now() - started
      }
      this.loaded = { model, context, sequence: context.getSequence(), format, wrappers: new Map() }
      return info
    } catch (error) {
      await model.dispose()
      throw error
    }
  }

  abort(requestId: string): void {
    this.running.get(requestId)?.abort()
  }

  async generate(requestId: string, request: WorkerGenerate, onPiece: (kind: 'text' | 'reasoning', text: string) => void): Promise<GenerateOutcome> {
    const loaded = this.loaded
    if (!loaded) throw new AppError({ code: 'not-loaded', message: 'No model is loaded.', hint: 'Load a model, then send the message again.' })
    if (this.running.size > 0) throw stillAnswering()
    if ('prompt' in request) throw new AppError({ code: 'bad-request', message: 'Raw completions are not implemented yet.' })
    const controller = new AbortController()
    this.running.set(requestId, controller)
    const started = performance.now()
    try {
      const reasoning = reasoningEnabled(loaded.format, request.reasoning)
      const contextSize = loaded.context.contextSize
      const sampling = request.sampling ?? {}
      const reserve = Math.min(sampling.maxTokens ?? 1024, Math.floor(contextSize / 4))
      const { kept, promptTokens } = this.fitToContext(loaded, request.messages, reasoning, contextSize - reserve)
      const maxTokens = Math.min(sampling.maxTokens ?? Infinity, contextSize - promptTokens - 1)

      let wrapper = loaded.wrappers.get(reasoning)
      if (!wrapper) loaded.wrappers.set(reasoning, (wrapper = new ExaoneChatWrapper(loaded.format, reasoning)))
      const chat = new LlamaChat({ contextSequence: loaded.sequence, chatWrapper: wrapper, autoDisposeSequence: false })

      let generatedTokens = 0
      let firstTokenAt = 0
      let lastTokenAt = 0
      const trim = { text: true, reasoning: true }
      try {
        const response = await chat.generateResponse(toHistory(kept), {
          signal: controller.signal,
          stopOnAbortSignal: true,
          maxTokens,
          ...(sampling.temperature !== undefined && { temperature: sampling.temperature }),
          ...(sampling.topP !== undefined && { topP: sampling.topP }),
          ...(sampling.topK !== undefined && { topK: sampling.topK }),
          ...(sampling.minP !== undefined && { minP: sampling.minP }),
          ...(sampling.seed !== undefined && { seed: sampling.seed }),
          ...((sampling.repeatPenalty !== undefined || sampling.presencePenalty !== undefined) && {
            repeatPenalty: { penalty: sampling.repeatPenalty ?? 1, presencePenalty: sampling.presencePenalty ?? 0 }
          }),
          onToken: (tokens) => {
            lastTokenAt = performance.now()
            if (generatedTokens === 0) firstTokenAt = lastTokenAt
            generatedTokens += tokens.length
          },
          onResponseChunk: (chunk) => {
            const kind = chunk.type === 'segment' ? (chunk.segmentType === 'thought' ? 'reasoning' : null) : 'text'
            if (!kind) return
            // The answer after a thought starts with blank lines, and a thought with its opening newline.
            let text = chunk.text
            if (trim[kind]) {
              text = text.trimStart()
              if (text !== '') trim[kind] = false
            }
            onPiece(kind, text)
          }
        })
        const decodeSeconds = (lastTokenAt - firstTokenAt) / 1000
        return {
          text: response.response.trim(),
          reasoning: response.fullResponse
            .filter((item) => typeof item !== 'string' && item.segmentType === 'thought')
            .map((item) => (typeof item === 'string' ? item : item.text))
            .join('')
            .trim(),
          stopReason: response.metadata.stopReason === 'abort' ? 'aborted' : response.metadata.stopReason === 'maxTokens' ? 'max-tokens' : 'end',
          toolCalls: [],
          droppedMessages: request.messages.length - kept.length,
          stats: {
            promptTokens,
            generatedTokens,
            tokensPerSecond: generatedTokens > 1 && decodeSeconds > 0 ? (generatedTokens - 1) / decodeSeconds : 0,
            workerTtftMs: firstTokenAt > 0 ? firstTokenAt - started : 0,
            totalMs: performance.now() - started,
            contextSize,
            contextUsed: loaded.sequence.nextTokenIndex
          }
        }
      } finally {
        chat.dispose({ disposeSequence: false })
      }
    } finally {
      this.running.delete(requestId)
    }
  }

  /**
   * Leaves out the oldest turns (never a system prompt, never the newest message) until the prompt fits, so a long
   * conversation goes on instead of failing; the caller reports how many were left out.
   */
  private fitToContext(loaded: Loaded, messages: ChatMessage[], reasoning: boolean, budget: number): { kept: ChatMessage[]; promptTokens: number } {
    const count = (list: ChatMessage[]): number => toLlamaText(renderPrompt(loaded.format, list, reasoning)).tokenize(loaded.model.tokenizer).length
    let kept = [...messages]
    let promptTokens = count(kept)
    while (promptTokens > budget) {
      const oldest = kept.findIndex((message, index) => message.role !== 'system' && index < kept.length - 1)
      if (oldest === -1) {
        throw new AppError({
          code: 'prompt-too-long',
          message: `The message is too long for this context: ${promptTokens.toLocaleString('en')} tokens, and ${budget.toLocaleString('en')} fit with room for the answer.`,
          hint: 'Shorten it, or load the model with a larger context.'
        })
      }
      // Drop a whole exchange, so the conversation still alternates user and assistant.
      const removeCount = kept[oldest]?.role === 'user' && kept[oldest + 1]?.role === 'assistant' && oldest + 1 < kept.length - 1 ? 2 : 1
      kept = kept.filter((_, index) => index < oldest || index >= oldest + removeCount)
      promptTokens = count(kept)
    }
    return { kept, promptTokens }
  }

  private getLlama(gpu: WorkerLoad['gpu']): Promise<Llama> {
    if (this.llama?.gpu !== gpu) {
      this.llama = {
        gpu,
        instance: getLlama({
          gpu,
          build: 'never',
          logLevel: LlamaLogLevel.warn,
          logger: (level, message) => this.log(`${level}: ${message}`)
        })
      }
    }
    return this.llama.instance
  }

  private log(line: string): void {
    const text = line.trimEnd()
    if (!text) return
    this.recentLogs.push(text)
    if (this.recentLogs.length > recentLogLimit) this.recentLogs.shift()
    process.stderr.write(`[llama.cpp] ${text}\n`)
  }

  /** llama.cpp says why a load failed only in its log, which may arrive just after the promise rejects. */
  private async failWithLog<T>(message: string, run: () => Promise<T>): Promise<T> {
    const logStart = this.recentLogs.length
    try {
      return await run()
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const log = this.recentLogs.slice(Math.max(0, logStart - 5)).join('\n')
      throw new AppError({
        code: 'bad-model',
        message: `${message}: ${(error as Error).message}.`,
        hint: 'If the file is damaged, download it again. If memory ran short, choose a smaller context or quantisation.',
        details: log || (error as Error).stack
      })
    }
  }
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: LlamaText(message.content).toJSON() }
    if (message.role === 'user') return { type: 'user', text: message.content }
    return { type: 'model', response: [message.content] }
  })
}
