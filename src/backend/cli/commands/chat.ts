import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { entrySampling } from '../../../shared/chat-recommendations'
import type { ChatMessage, GenerateResult, Sampling } from '../../../shared/engine'
import { shownFigures } from '../../../shared/engine-plain'
import { AppError } from '../../../shared/errors'
import { createBackend, type Backend } from '../../backend'
import type { EventHub } from '../../event-hub'
import { resolveDataDir } from '../../paths'
import type { Answerer } from '../../services/chats/chat-service'
import type { ResolvedEngine } from '../../services/remote/remote-engine-service'
import { normaliseBaseUrl } from '../../services/remote/remote-http'
import { appVersion } from '../../version'
import { apiKeyOptions, type Command, type Values } from '../command'
import { resolveModelOption } from '../model-option'
import { connection } from './engines'

export const chat: Command = {
  summary: 'Chat with a model: one answer with --prompt, or a conversation',
  help: `Usage: exaone-desktop chat --model <file.gguf | model[:precision]> [--prompt TEXT] [options]
       exaone-desktop chat --engine NAME [--model ID] [--prompt TEXT] [options]
       exaone-desktop chat --endpoint URL [--api-key KEY | --api-key-stdin] [--model ID] [--prompt TEXT] [options]

--engine chats with a remote engine saved with \`engines add\` (its model, or --model of those it serves);
--endpoint with any OpenAI-compatible server once, without saving it (--allow-insecure-http for plain http to
another machine; --api-key-stdin, with --prompt, reads the key from standard input's first line, out of the
process list).

With --prompt, prints one answer and exits; without it, a conversation on the terminal (type /exit to leave,
/reset to start over; Ctrl-C stops an answer). The answer goes to stdout, reasoning and figures to stderr.
  --system TEXT       system prompt
  --think             reasoning mode (EXAONE 4.0; Deep models always reason)
  --max-tokens N      longest answer
  --temp T            temperature (default: the model's recommendation)
  --seed N            sampling seed, for repeatable answers
  --ctx N             context size in tokens
  --force             load even if the fit advisor says it will not fit (it may be very slow or fail; the load
                      is still stopped if memory runs low)
  --json              with --prompt: {"text", "reasoning", "tokens", "tokensPerSecond", "ttftMs", ...}`,
  options: {
    model: { type: 'string' },
    prompt: { type: 'string' },
    system: { type: 'string' },
    think: { type: 'boolean' },
    'max-tokens': { type: 'string' },
    temp: { type: 'string' },
    seed: { type: 'string' },
    ctx: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
    engine: { type: 'string' },
    endpoint: { type: 'string' },
    ...apiKeyOptions,
    'allow-insecure-http': { type: 'boolean' }
  },
  async run(values) {
    if (values.engine !== undefined || values.endpoint !== undefined) return chatRemote(values)
    const model = await resolveModelOption(values.model as string | undefined)
    const sampling = samplingFrom(values)
    const contextSize = optionalInteger(values, 'ctx')
    const backend = await createBackend({ dataDir: resolveDataDir(), version: appVersion })
    try {
      backend.hub.on('engine:state', (state) => {
        if (state.status === 'loading' && process.stderr.isTTY) process.stderr.write(`\rLoading ${Math.round(state.progress * 100)}%`)
      })
      // An installed model loads by its ids, so the fit advisor judges it and the library records its use.
      const loaded = await backend.engine.load({ ...model.load, ...(contextSize !== undefined && { contextSize }), ...(values.force === true && { override: true }) })
      process.stderr.write(`\rLoaded ${loaded.name} (${loaded.format}, context ${loaded.contextSize}, ${loaded.gpuLayers}/${loaded.totalLayers} layers on GPU, ${loaded.threads} threads)\n`)
      return await talk(backend.hub, backend.engine, values, sampling)
    } finally {
      await backend.dispose()
    }
  }
}

/** One answer with --prompt, or a conversation, with whichever engine answers. */
async function talk(hub: EventHub, engine: Answerer['engine'], values: Values, sampling: Sampling): Promise<number> {
  const history: ChatMessage[] = values.system ? [{ role: 'system', content: values.system as string }] : []
  const ask = (content: string): Promise<GenerateResult> => answer(hub, engine, [...history, { role: 'user', content }], values.think === true, sampling, values.json !== true)
  if (values.prompt !== undefined) {
    const result = await ask(values.prompt as string)
    if (values.json) console.log(JSON.stringify(summary(result), null, 2))
    return 0
  }
  await converse(history, ask)
  return 0
}

/** `--engine NAME` (saved) or `--endpoint URL` (once): the answer comes from that server, LG's sampling under the options. */
async function chatRemote(values: Values): Promise<number> {
  if (values.engine !== undefined && values.endpoint !== undefined) {
    throw new AppError({ code: 'bad-request', message: 'Give --engine (a saved engine) or --endpoint (a server address), not both.' })
  }
  const backend = await createBackend({ dataDir: resolveDataDir(), version: appVersion })
  try {
    const engine = typeof values.engine === 'string' ? await backend.remoteEngines.find(values.engine) : await oneOff(backend, values)
    const modelId = (values.model as string | undefined) ?? engine.modelId ?? engine.models[0]?.id
    if (modelId === undefined) throw new AppError({ code: 'not-found', engineName: engine.name, message: `${engine.name} lists no models.`, hint: 'Name one with --model.' })
    const answerer = backend.remoteEngines.answererFor(engine, modelId)
    process.stderr.write(`Chatting with ${answerer.name}\n`)
    return await talk(backend.hub, answerer.engine, values, { ...entrySampling(answerer.entry, values.think === true), ...samplingFrom(values) })
  } finally {
    await backend.dispose()
  }
}

/** A server named by --endpoint, asked for its models first, so a wrong address fails in words before any chat. */
async function oneOff(backend: Backend, values: Values): Promise<ResolvedEngine> {
  const baseUrl = normaliseBaseUrl(values.endpoint as string)
  const name = new URL(baseUrl).host
  if (values['api-key-stdin'] === true && values.prompt === undefined) {
    throw new AppError({ code: 'bad-request', message: 'A conversation reads standard input, so the key cannot come on it.', hint: 'Give --prompt for one answer, or save the engine with its key (engines add --api-key-stdin) and chat with --engine.' })
  }
  const options = await connection(values)
  const { models } = await backend.remoteEngines.test({ name, baseUrl, ...options })
  return { id: 'endpoint', name, baseUrl, apiKey: options.apiKey, allowInsecureHttp: options.allowInsecureHttp ?? false, modelId: options.modelId ?? null, models }
}

/** The CLI speaks English: "1 token", "2 tokens". */
function counted(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

async function answer(hub: EventHub, engine: Answerer['engine'], messages: ChatMessage[], reasoning: boolean, sampling: Sampling, stream: boolean): Promise<GenerateResult> {
  const requestId = randomUUID()
  let inThought = false
  const stop = hub.on('engine:stream', (chunk) => {
    if (!stream || chunk.requestId !== requestId) return
    if (chunk.reasoning) {
      if (!inThought) process.stderr.write('[thinking] ')
      inThought = true
      process.stderr.write(chunk.reasoning)
    }
    if (chunk.text) {
      if (inThought) process.stderr.write('\n')
      inThought = false
      process.stdout.write(chunk.text)
    }
  })
  const abort = (): void => void engine.abort(requestId)
  process.on('SIGINT', abort)
  try {
    const result = await engine.generate({ requestId, messages, reasoning, sampling })
    if (stream) {
      process.stdout.write('\n')
      const { tokens, tokensPerSecond, ttftMs } = shownFigures(result.stats)
      process.stderr.write(
        `${counted(tokens, 'token')}${tokensPerSecond !== null ? ` · ${tokensPerSecond.toFixed(1)} tok/s` : ''}${ttftMs !== null ? ` · first token ${Math.round(ttftMs)} ms` : ''}` +
          `${result.stopReason === 'aborted' ? ' · stopped' : ''}${result.droppedMessages > 0 ? ` · ${counted(result.droppedMessages, 'oldest message')} left out to fit the context` : ''}\n`
      )
    }
    return result
  } finally {
    process.off('SIGINT', abort)
    stop()
  }
}

async function converse(history: ChatMessage[], ask: (content: string) => Promise<GenerateResult>): Promise<void> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr })
  const system = history.filter((message) => message.role === 'system')
  try {
    for (;;) {
      const line = (await terminal.question('> ').catch(() => '/exit')).trim()
      if (line === '/exit') return
      if (line === '/reset') {
        history.splice(0, history.length, ...system)
        continue
      }
      if (!line) continue
      const result = await ask(line)
      history.push({ role: 'user', content: line }, { role: 'assistant', content: result.text, reasoning: result.reasoning })
    }
  } finally {
    terminal.close()
  }
}

function summary(result: GenerateResult) {
  return {
    text: result.text,
    reasoning: result.reasoning,
    tokens: result.stats.generatedTokens,
    tokensPerSecond: result.stats.tokensPerSecond,
    ttftMs: result.stats.ttftMs,
    promptTokens: result.stats.promptTokens,
    stopReason: result.stopReason,
    droppedMessages: result.droppedMessages
  }
}

function samplingFrom(values: Values): Sampling {
  const maxTokens = optionalInteger(values, 'max-tokens')
  const seed = optionalInteger(values, 'seed')
  const temperature = values.temp === undefined ? undefined : Number(values.temp)
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) {
    throw new AppError({ code: 'bad-request', message: `--temp must be a number from 0 to 2, not "${String(values.temp)}".` })
  }
  return { ...(maxTokens !== undefined && { maxTokens }), ...(seed !== undefined && { seed }), ...(temperature !== undefined && { temperature }) }
}

function optionalInteger(values: Values, name: string): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new AppError({ code: 'bad-request', message: `--${name} must be a whole number, not "${String(raw)}".` })
  return value
}
