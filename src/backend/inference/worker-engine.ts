/**
 * What runs inside the inference worker: node-llama-cpp with one model and one context of several sequences, one
 * answer on each at a time, which llama.cpp evaluates in one batch. A worker
 * loads once: the host starts a fresh one for every load and ends it to unload, so all of a model's memory goes.
 * It lives in its own process because llama.cpp can abort (GGML_ASSERT), run out of memory or hang in native
 * code, and none of that may take the window with it.
 */
import { DraftSequenceTokenPredictor, getLlama, GgufInsights, LlamaLogLevel, readGgufFileInfo, type GgufFileInfo, type Llama, type LlamaContext, type LlamaContextOptions, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp'
import { AppError, stillAnswering } from '../../shared/errors'
import { microBatchFor } from '../../shared/fit/memory'
import type { GenerateRequest } from '../../shared/engine'
import { defaultContextTokens } from '../../shared/engine-plain'
import { generateChat, nextTurnPrefix, prepareChat } from './chat-generation'
import { completionTokens, generateCompletion } from './completion-generation'
import type { ChatFormat } from './formats'
import { GenerationClock, type Placement } from './generation-options'
import { chatFormatOf, checkComplete, checkGgufHeader, type FormatMetadata } from './gguf-check'
import { fastestThreads, measureThreads, type CalibrationContext } from './thread-calibration'
import type { GenerateOutcome, StreamPiece, WorkerLoad, WorkerModel } from './protocol'

interface Loaded {
  model: LlamaModel
  context: LlamaContext
  format: ChatFormat
  /** The sequences no answer is being written on. */
  free: LlamaContextSequence[]
}

const recentLogLimit = 40
/** How long one step of bringing a cache to the next turn may take: a request that wants the sequence waits at most about this. */
const settleStepMs = 500
const settleStepTokens = { first: 32, min: 16 }

/** A sequence's cache being brought to the conversation as its next turn will render it (`WorkerEngine.settle`). */
interface Settling {
  tokens: Token[]
  /** Past its wait: decoding. */
  started: boolean
  stop(): void
  done: Promise<void>
}

export interface WorkerEngineOptions {
  /** How long after an answer, with no request since, its cache is brought to the next turn (`settle`); below 0, never. */
  settleAfterMs: number
}

/** Far longer than a program takes to send its next request, far shorter than a person takes to read the answer. */
export const defaultSettleAfterMs = 300

export class WorkerEngine {
  constructor(private readonly options: WorkerEngineOptions = { settleAfterMs: defaultSettleAfterMs }) {}

  private llama: { gpu: WorkerLoad['gpu']; instance: Promise<Llama> } | null = null
  private loaded: Loaded | null = null
  private readonly running = new Map<string, AbortController>()
  private readonly settling = new Map<LlamaContextSequence, Settling>()
  private readonly recentLogs: string[] = []

  async load(request: WorkerLoad, onProgress: (progress: number) => void): Promise<WorkerModel> {
    const started = performance.now()
    const { sizeBytes } = await checkGgufHeader(request.path)
    const fileInfo = await readGgufFileInfo(request.path, { readTensorInfo: true })
    const format = chatFormatOf(request.path, fileInfo.metadata as FormatMetadata)
    const architecture = String(fileInfo.metadata.general?.architecture)

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
      const speed: CalibrationContext = {
        // The fit advisor assumes flash attention (compute scratch stays small as the context grows); llama.cpp turns it on where the backend supports it.
        flashAttention: request.flashAttention ?? 'auto',
        ...(request.kvCacheType === 'q8_0' && { experimentalKvCacheKeyType: 'Q8_0', experimentalKvCacheValueType: 'Q8_0' })
      }
      const { threads, threadCalibration } = await chooseThreads(request.threads, model, speed, `${architecture} ${insights.totalLayers} layers ${insights.modelSize} bytes`)
      const context = await this.failWithLog('The model loaded, but its context could not be created', () =>
        model.createContext({
          ...speed,
          contextSize,
          sequences: request.sequences,
          threads,
          // Prefill in the batches the fit advisor sized the compute scratch for (the bench sweeps the alternatives).
          batchSize: microBatchFor(model.gpuLayers, contextSize),
          // The fit advisor decides what fits; node-llama-cpp's own context estimate is about twice the real need.
          ignoreMemorySafetyChecks: true,
          failedCreationRemedy: false
        })
      )
      const draft = request.draft ? await this.loadDraft(request.draft.path, llama, fileInfo, { ...speed, contextSize: context.contextSize, sequences: context.totalSequences, threads }) : null
      const info: WorkerModel = {
        path: request.path,
        name: fileInfo.metadata.general?.name ?? request.path.split(/[\\/]/).pop() ?? 'EXAONE',
        architecture,
        format: format.name,
        reasoning: format.reasoning,
        contextSize: context.contextSize,
        trainedContextSize,
        gpuLayers: model.gpuLayers,
        sequences: context.totalSequences,
        totalLayers: insights.totalLayers,
        threads,
        batchSize: context.batchSize,
        ...(threadCalibration && { threadCalibration }),
        ...(draft && { draft: { path: draft.path, name: draft.name } }),
        loadMs: performance.now() - started
      }
      this.loaded = {
        model,
        context,
        format,
        // A draft model gives each sequence a sequence of its own to draft on.
        free: Array.from({ length: context.totalSequences }, () => context.getSequence(draft ? { tokenPredictor: draftPredictor(draft.context, request.draft?.minConfidence) } : undefined))
      }
      return info
    } catch (error) {
      await model.dispose()
      throw error
    }
  }

  abort(requestId: string): void {
    this.running.get(requestId)?.abort()
  }

  /**
   * Writes one answer on a free sequence, the one holding this conversation's start where one does, so a
   * conversation that comes back reuses its KV cache. The host sends at most one request per sequence.
   */
  async generate(request: GenerateRequest, emit: (piece: StreamPiece) => void): Promise<GenerateOutcome> {
    const loaded = this.loaded
    if (!loaded) throw new AppError({ code: 'not-loaded', message: 'No model is loaded.', hint: 'Load a model, then send the message again.' })
    if (this.running.has(request.requestId)) throw new AppError({ code: 'bad-request', message: `A request with id "${request.requestId}" is already running.`, hint: 'Give each request its own id.' })
    if (loaded.free.length === 0) throw stillAnswering()
    const contextSize = loaded.context.contextSize
    let tokens: Token[]
    let run: (placement: Placement, signal: AbortSignal) => Promise<GenerateOutcome>
    /** What the sequence's cache should hold for the next turn, once this answer is written; null: leave it. */
    let nextTurn: (outcome: GenerateOutcome) => Token[] | null = () => null
    if ('prompt' in request) {
      tokens = completionTokens(loaded.model, contextSize, request)
      run = (placement, signal) => generateCompletion(placement, request, tokens, signal, emit)
    } else {
      const prepared = prepareChat(loaded.model, loaded.format, contextSize, request)
      tokens = prepared.tokens
      run = (placement, signal) => generateChat(placement, loaded.format, prepared, signal, emit)
      // Not after calls: what the client sends back with their results is its own to say.
      nextTurn = (outcome) => (outcome.stopReason === 'aborted' || outcome.toolCalls.length > 0 ? null : nextTurnPrefix(loaded.model, loaded.format, prepared, outcome.text))
    }
    const controller = new AbortController()
    this.running.set(request.requestId, controller)
    const { signal } = controller
    await this.settled(tokens)
    const placement = takeSequence(loaded.free, tokens)
    let next: Token[] | null = null
    try {
      // One that another request's answer began on this sequence while this request waited.
      const late = this.settling.get(placement.sequence)
      late?.stop()
      await late?.done
      const outcome = await run(placement, signal)
      next = nextTurn(outcome)
      return outcome
    } catch (error) {
      // Stopped before its first token, node-llama-cpp throws the abort instead of returning what it has.
      if (!signal.aborted) throw error
      return { text: '', reasoning: '', stopReason: 'aborted', toolCalls: [], droppedMessages: 0, stats: new GenerationClock(placement).stats(tokens.length) }
    } finally {
      this.running.delete(request.requestId)
      loaded.free.push(placement.sequence)
      if (next && next.length < contextSize) this.settle(placement.sequence, next)
    }
  }

  /**
   * After an answer, brings its sequence's cache to the conversation as the next turn will render it. A thought is
   * not part of the history (formats.ts), so otherwise the next turn would decode the whole answer again before its
   * own message: with reasoning on, hundreds of tokens, seconds on a CPU. It starts once no request has come for
   * `settleAfterMs` (a person reads and types; a program that sends the next request at once loses nothing), then
   * decodes in steps of about `settleStepMs` on the same context (llama.cpp batches it with other sequences' work).
   */
  private settle(sequence: LlamaContextSequence, tokens: Token[]): void {
    if (this.options.settleAfterMs < 0) return
    let stopped = false
    let begin = (): void => undefined
    const waited = new Promise<void>((resolve) => (begin = resolve))
    const timer = setTimeout(begin, this.options.settleAfterMs)
    // No wait: before the next message is read, which a timer of 0 is not.
    if (this.options.settleAfterMs <= 0) begin()
    const settling: Settling = {
      tokens,
      started: false,
      stop: () => {
        stopped = true
        clearTimeout(timer)
        begin()
      },
      done: waited
        .then(async () => {
          if (stopped) return
          settling.started = true
          const { firstDifferentIndex: from } = sequence.compareContextTokens(tokens)
          if (from < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: from, end: sequence.nextTokenIndex }])
          let step = settleStepTokens.first
          for (let at = from; at < tokens.length && !stopped; ) {
            const started = performance.now()
            const chunk = tokens.slice(at, at + step)
            await sequence.evaluateWithoutGeneratingNewTokens(chunk)
            at += chunk.length
            step = Math.min(sequence.context.batchSize, Math.max(settleStepTokens.min, Math.round((chunk.length * settleStepMs) / Math.max(1, performance.now() - started))))
          }
        })
        .catch((error: unknown) => {
          // The next turn then decodes what is missing, as it would have without this.
          this.log(`The cache could not be brought to the next turn: ${(error as Error).message}`)
        })
    }
    this.settling.set(sequence, settling)
    void settling.done.then(() => {
      if (this.settling.get(sequence) === settling) this.settling.delete(sequence)
    })
  }

  /**
   * Before a request takes a sequence: a cache being brought to the turn this request continues is let finish (it
   * decodes what the request would decode itself, and the request starts where it ends); one not yet started, or
   * for another conversation, is stopped (at the step under way, keeping what it decoded).
   */
  private async settled(prompt: Token[]): Promise<void> {
    const all = [...this.settling.values()]
    for (const settling of all) if (!settling.started || !startsWith(prompt, settling.tokens)) settling.stop()
    await Promise.all(all.map((settling) => settling.done))
  }

  /**
   * The draft model for speculative decoding, with a context like the model's. Its drafts are only worth checking
   * if it spells tokens as the model does: the vocabularies must be the same, token for token.
   */
  private async loadDraft(path: string, llama: Llama, target: GgufFileInfo, contextOptions: LlamaContextOptions): Promise<{ path: string; name: string; context: LlamaContext }> {
    const { sizeBytes } = await checkGgufHeader(path)
    const fileInfo = await readGgufFileInfo(path, { readTensorInfo: true })
    checkComplete(path, sizeBytes, (fileInfo.infoEndOffset ?? 0) + (await GgufInsights.from(fileInfo, llama)).modelSize)
    const name = fileInfo.metadata.general?.name ?? path.split(/[\\/]/).pop() ?? 'draft'
    const vocabulary = (info: GgufFileInfo): readonly string[] => info.metadata.tokenizer?.ggml?.tokens ?? []
    const [draftTokens, targetTokens] = [vocabulary(fileInfo), vocabulary(target)]
    if (draftTokens.length === 0 || draftTokens.length !== targetTokens.length || draftTokens.some((token, index) => token !== targetTokens[index])) {
      throw new AppError({
        code: 'bad-request',
        message: `${name} cannot draft for this model: their vocabularies differ (${draftTokens.length.toLocaleString('en')} and ${targetTokens.length.toLocaleString('en')} tokens, not the same ones).`,
        hint: 'Choose a draft model of the same family, such as EXAONE 4.0 1.2B for EXAONE 4.0 32B, or load without one.'
      })
    }
    const model = await this.failWithLog('The draft model could not be loaded', () => llama.loadModel({ modelPath: path, gpuLayers: llama.gpu === false ? 0 : 'auto' }))
    const context = await this.failWithLog('The draft model loaded, but its context could not be created', () => model.createContext({ ...contextOptions, ignoreMemorySafetyChecks: true, failedCreationRemedy: false }))
    return { path, name, context }
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

/**
 * Drafts at least two tokens a step, so that the draft runs in step with the model rather than only when it is
 * ahead; 16 at most, node-llama-cpp's default, as is stopping at an unsure token (0.6).
 */
function draftPredictor(context: LlamaContext, minConfidence: number | undefined): DraftSequenceTokenPredictor {
  return new WakingDraftPredictor(context.getSequence(), { minTokens: 2, ...(minConfidence !== undefined && { minConfidence }) })
}

/**
 * node-llama-cpp's draft predictor (3.21.1), except that a drafting run wakes whoever waits for its drafts when it
 * ends. `predictTokens` waits for a run to reach `minTokens`; a run that a rejected draft aborts can end short of
 * that without waking the wait, and the answer then waits for ever: a bench run hung so, with nothing left in the
 * worker's heap but the wait. A woken wait gets the drafts there are (maybe none), which the model checks as usual.
 */
export class WakingDraftPredictor extends DraftSequenceTokenPredictor {
  constructor(...args: ConstructorParameters<typeof DraftSequenceTokenPredictor>) {
    super(...args)
    // The run's flag and the waits are the class's own fields: this wraps the flag, and fails loudly if they change.
    const own = this as unknown as { _active: unknown; _minTokensCallbacks: Array<() => void> }
    if (typeof own._active !== 'boolean' || !Array.isArray(own._minTokensCallbacks)) throw new Error('node-llama-cpp\'s draft predictor changed: check WakingDraftPredictor against it.')
    let active = own._active
    Object.defineProperty(this, '_active', {
      get: () => active,
      set: (value: boolean) => {
        active = value
        if (!value) for (const wake of own._minTokensCallbacks.splice(0)) wake()
      }
    })
  }
}

/**
 * The thread count as asked, as remembered for this machine and model, or measured now (see thread-calibration.ts).
 * The key adds the GPU and where the model's layers went to the backend's description of the CPU.
 */
async function chooseThreads(asked: WorkerLoad['threads'], model: LlamaModel, speed: CalibrationContext, shape: string): Promise<{ threads: number; threadCalibration?: NonNullable<WorkerModel['threadCalibration']> }> {
  if (typeof asked === 'number') return { threads: asked }
  const { llama } = model
  const gpu = llama.gpu === false ? 'cpu' : `${llama.gpu} ${(await llama.getGpuDeviceNames()).join(' + ')}`
  const key = `${asked.machine} | ${gpu} | ${shape} | ${model.gpuLayers} layers on the GPU`
  const known = asked.known[key]
  if (known !== undefined) return { threads: known }
  const runs = await measureThreads(model, asked.candidates, speed)
  return { threads: fastestThreads(runs), threadCalibration: { key, runs } }
}

const startsWith = (tokens: Token[], prefix: Token[]): boolean => prefix.length <= tokens.length && prefix.every((token, index) => tokens[index] === token)

/**
 * Takes a free sequence out of the pool (which is kept least recently used first): the one whose cache shares the
 * longest prefix with the prompt when that is more than half of it, as llama-server picks its slots, otherwise the
 * least recently used, so a short common opening does not evict another conversation's cache.
 */
function takeSequence(free: LlamaContextSequence[], tokens: Token[]): Placement {
  const shared = (sequence: LlamaContextSequence): number => {
    const cached = sequence.contextTokens
    let length = 0
    while (length < cached.length && length < tokens.length && cached[length] === tokens[length]) length++
    return length
  }
  const best = free.reduce((chosen, candidate) => (shared(candidate) > shared(chosen) ? candidate : chosen))
  const sequence = shared(best) * 2 > tokens.length ? best : (free[0] as LlamaContextSequence)
  free.splice(free.indexOf(sequence), 1)
  // node-llama-cpp decodes at least the prompt's last token, whatever the cache holds.
  return { sequence, cachedTokens: Math.min(shared(sequence), tokens.length - 1) }
}
