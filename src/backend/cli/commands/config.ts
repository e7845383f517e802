import { AppError } from '../../../shared/errors'
import { redactProxy, Settings } from '../../../shared/settings'
import { EventHub } from '../../event-hub'
import { dataPaths, resolveDataDir } from '../../paths'
import { SettingsStore } from '../../services/settings-store'
import { jsonOption, type Command } from '../command'

/** What `config set` may change: every choice in Settings except the models folder, which moves with its files. */
const settable = ['locale', 'theme', 'sidebar', 'huggingFaceEndpoint', 'huggingFaceToken', 'proxy', 'contextTokens', 'gpuLayers', 'threads', 'kvCacheType', 'draftModel'] as const
type Settable = (typeof settable)[number]
const numeric = new Set<Settable>(['contextTokens', 'gpuLayers', 'threads'])

const usage = `Usage: exaone-desktop config get [KEY] [--json]
       exaone-desktop config set KEY VALUE`

export const config: Command = {
  summary: 'Show or change the settings the window uses (one settings file for both)',
  help: `${usage}

Keys:
  locale               system | en | ko
  theme                system | light | dark
  sidebar              expanded | collapsed (icons only)
  huggingFaceEndpoint  a Hugging Face mirror, such as https://hf-mirror.com ("" for HF_ENDPOINT or huggingface.co)
  huggingFaceToken     a read token for gated repositories ("" for HF_TOKEN); shown masked
  proxy                an HTTP(S) proxy for every Hugging Face request, http(s)://[user:password@]host:port
                       ("" for HTTPS_PROXY / HTTP_PROXY with NO_PROXY, else none); the password is never shown
  contextTokens        context a model loads with when none is given, in tokens (default 8192)
  gpuLayers            auto (as many as fit) or a number of layers on the GPU
  threads              auto (the fastest, measured at a model's first load) or a number of llama.cpp threads
  kvCacheType          f16 | q8_0 (half the KV cache memory; on the CPU alone, slower as a conversation grows)
  draftModel           off | auto (a smaller installed model of the family drafts tokens, where both fit)
  modelsFolder         shown only; the window's Library moves it with its files
  customMachine        shown only; described on the window's Models page, used by fit --hardware custom
A window that is open shows a change at once.`,
  options: { ...jsonOption },
  async run(values, positionals) {
    const [action, key, value, ...extra] = positionals
    const store = new SettingsStore(dataPaths(resolveDataDir()).settings, new EventHub())
    if (action === 'get' && extra.length === 0 && value === undefined) {
      const shown = masked(await store.get())
      if (key !== undefined && !(key in Settings.shape)) throw unknownKey(key)
      const result = key === undefined ? shown : shown[key as keyof Settings]
      if (values.json) console.log(JSON.stringify(result ?? null, null, 2))
      else if (key !== undefined) console.log(result ?? '')
      else for (const [name, setting] of Object.entries(shown)) console.log(`${name} = ${typeof setting === 'object' ? JSON.stringify(setting) : String(setting)}`)
      return 0
    }
    if (action === 'set' && key !== undefined && value !== undefined && extra.length === 0) {
      if (key === 'modelsFolder') {
        throw new AppError({ code: 'bad-request', message: 'The models folder moves with the files in it, so it is not set here.', hint: 'Move it from the Library page in the window.' })
      }
      if (!(settable as readonly string[]).includes(key)) throw unknownKey(key)
      const name = key as Settable
      const parsed = Settings.partial().strict().safeParse({ [name]: numeric.has(name) && value !== 'auto' ? Number(value) : value })
      if (!parsed.success) {
        throw new AppError({ code: 'bad-request', message: parsed.error.issues[0]?.message ?? `"${value}" is not a valid ${name}.`, hint: `See the keys and their values: exaone-desktop config --help` })
      }
      const saved = masked(await store.update(parsed.data))
      console.error(`Saved ${name} = ${String(saved[name] ?? '')}`)
      return 0
    }
    throw new AppError({ code: 'bad-request', message: 'Say "get" or "set KEY VALUE".', hint: usage })
  }
}

function masked(settings: Settings): Settings {
  return {
    ...settings,
    ...(settings.huggingFaceToken && { huggingFaceToken: `${settings.huggingFaceToken.slice(0, 3)}…${settings.huggingFaceToken.slice(-2)}` }),
    ...(settings.proxy && { proxy: redactProxy(settings.proxy) })
  }
}

function unknownKey(key: string): AppError {
  return new AppError({ code: 'bad-request', message: `There is no setting "${key}".`, hint: `Settings: ${[...settable, 'modelsFolder'].join(', ')}.` })
}
