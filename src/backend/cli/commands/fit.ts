import { singleFileName, type CatalogModel, type CatalogQuant } from '../../../shared/catalog/catalog'
import { findModel, findQuant } from '../../../shared/catalog/lookup'
import { cloudPricesAsOf } from '../../../shared/cloud'
import { describeCloudNote, describeServeVariant } from '../../../shared/cloud-notes'
import { connectPrefill, planCloud, type CloudPlan, type CloudPlanNote, type CloudPlanOption } from '../../../shared/cloud-plan'
import { contextLimits, defaultContextTokens } from '../../../shared/engine-plain'
import { AppError } from '../../../shared/errors'
import { evaluateFit, type FitResult } from '../../../shared/fit/advisor'
import { formatContext } from '../../../shared/fit/format-context'
import type { KvCacheType, WeightsSplit } from '../../../shared/fit/memory'
import { describeReason, describeVerdict } from '../../../shared/fit/reasons'
import { fitModel, recommendQuant } from '../../../shared/fit/recommend'
import { formatBytes } from '../../../shared/format'
import { cliHubOptions, describeCatalogSource, loadCatalog, offlineOption } from '../catalog-option'
import { jsonOption, type Command, type Values } from '../command'
import { loadHardware } from '../hardware-option'

export const fit: Command = {
  summary: 'Whether a model runs here (or on other hardware), at which precision and context, and why',
  help: `Usage: exaone-desktop fit <model> [<quant>] [options]

Says whether the model file runs wholly on the GPU, partly on the GPU, on the CPU only, or not at all, with the
memory it needs at the context length, the longest context that fits, and the reasons. Without <quant>, every
precision is shown with one recommended. Names are forgiving: "exaone-4.0-1.2b q4_k_m", "EXAONE-4.0-32B Q8_0".
  --ctx N              context length in tokens, e.g. 8192 or 32k (default ${formatContext(defaultContextTokens).toLowerCase()}; capped at the trained length)
  --kv f16|q8_0        KV cache precision (default f16; q8_0 halves it)
  --hardware FILE|ID   a "probe --json" file (edit it to ask "what if"), a built-in profile such as
                       rtx-4090-24gb, 2x-rtx-3090-24gb, apple-64gb, cpu-16gb, or "custom": the machine
                       described on the window's Models page (default: this machine)
  --gguf PATH|URL      take the weights tensor by tensor from this GGUF header (a local file or a URL)
  --header             read that header from Hugging Face (a few MB by range requests) for exact weights
  --offline            do not contact Hugging Face (sizes may be approximate)
  --cloud              with <quant>: the rented GPUs from the price table that hold it wholly at --ctx or more,
                       cheapest first, each with the GPUs needed, the context that fits, the price and the serve
                       command (vLLM for BF16, llama-server for the GGUF files)
  --json               machine-readable output`,
  options: {
    ...jsonOption,
    ...offlineOption,
    ctx: { type: 'string' },
    kv: { type: 'string' },
    hardware: { type: 'string' },
    gguf: { type: 'string' },
    header: { type: 'boolean' },
    cloud: { type: 'boolean' }
  },
  async run(values, positionals) {
    const [modelName, quantName] = positionals
    const catalog = await loadCatalog(values.offline === true)
    if (!modelName) {
      throw new AppError({ code: 'bad-request', message: 'Which model? Give its name first.', hint: `Choose one of: ${catalog.models.map((model) => model.id).join(', ')}.` })
    }
    const model = findModel(catalog.models, modelName)
    const contextTokens = parseContext(values.ctx)
    const kvCacheType = parseKv(values.kv)
    if (values.cloud) {
      if (!quantName) throw new AppError({ code: 'bad-request', message: '--cloud plans one file: give its precision after the model.', hint: `For example: exaone-desktop fit ${model.id} BF16 --cloud.` })
      printCloudPlan(model, planCloud(model, findQuant(model, quantName), contextTokens), values.json === true)
      console.error(describeCatalogSource(catalog))
      return 0
    }
    const { hardware, label } = await loadHardware(typeof values.hardware === 'string' ? values.hardware : undefined)
    const heading = { model: model.id, hardware: label, requestedContext: contextTokens }

    if (!quantName) {
      const fits = fitModel(model, hardware, contextTokens, kvCacheType)
      const recommendation = recommendQuant(fits)
      if (values.json) {
        const quants = fits.map(({ quant, fit: result }) => ({ quant: quant.id, sizeSource: quant.sizeSource, ...withTexts(result) }))
        console.log(JSON.stringify({ ...heading, recommendation: recommendation && { quant: recommendation.quant.id, reason: describeReason(recommendation.reason) }, quants }, null, 2))
        return 0
      }
      console.log(`${model.name} at ${formatContext(contextTokens)} context on ${label}\n`)
      for (const { quant, fit: result } of fits) console.log(`  ${quant.id.padEnd(7)} ${size(quant).padStart(9)}  ${describeVerdict(result).padEnd(34)} ${memory(result)}`)
      console.log(`\nRecommended: ${recommendation ? describeReason(recommendation.reason) : 'nothing runs here; see "exaone-desktop fit <model> <quant>" for what it needs.'}`)
      console.error(describeCatalogSource(catalog))
      return 0
    }

    const quant = findQuant(model, quantName)
    const weights = await headerWeights(values, model, quant)
    const result = evaluateFit({ model, quant, hardware, contextTokens, kvCacheType, ...(weights && { weights }) })
    if (values.json) {
      console.log(JSON.stringify({ ...heading, quant: quant.id, sizeSource: quant.sizeSource, weightsFrom: weights ? 'gguf-header' : 'catalog', ...withTexts(result) }, null, 2))
      return 0
    }
    console.log(describe(model, quant, result, label).join('\n'))
    if (!weights) console.error(describeCatalogSource(catalog))
    return 0
  }
}

function printCloudPlan(model: CatalogModel, plan: CloudPlan, json: boolean): void {
  const notes = (list: CloudPlanNote[]): Array<CloudPlanNote & { text: string }> => list.map((note) => ({ ...note, text: describeCloudNote(note) }))
  if (json) {
    const options = plan.options.map(({ offer, commands, notes: optionNotes, ...option }) => ({
      ...offer,
      usdPerGpuHour: offer.usdPerHour,
      ...option,
      commands: commands.map((command) => ({ ...command, label: describeServeVariant(command.variant) })),
      notes: notes(optionNotes),
      connect: connectPrefill(model, plan, { offer })
    }))
    console.log(JSON.stringify({ ...plan, pricesAsOf: cloudPricesAsOf, options, notes: notes(plan.notes) }, null, 2))
    return
  }
  const engine = plan.engine === 'vllm' ? 'vLLM' : 'llama-server'
  console.log(`${model.name} · ${plan.quant} on rented GPUs, ${formatContext(plan.requestedContext)} context or more, with ${engine} (prices in USD per hour as of ${cloudPricesAsOf})\n`)
  const cheapest = plan.options[0]
  if (!cheapest) {
    console.log('Not even eight of the largest GPUs in the price table hold it at this context: try a shorter --ctx or a smaller precision.')
    return
  }
  const machine = (option: CloudPlanOption): string => `${option.gpuCount} × ${option.offer.gpu} ${option.offer.vramGB} GB`
  for (const option of plan.options) {
    console.log(`  ${machine(option).padEnd(20)} ${option.offer.provider.padEnd(16)} ${option.offer.region.padEnd(22)} ${formatContext(option.contextTokens).padStart(5)}  ${option.usdPerHour.toFixed(2).padStart(6)}`)
  }
  console.log(`\nOn ${machine(cheapest)} at ${cheapest.offer.provider} (the cheapest; --json has every option's commands):`)
  for (const command of cheapest.commands) console.log(`\n  ${describeServeVariant(command.variant)}:\n    ${command.text.replaceAll('\n', '\n    ')}`)
  console.log('\nNotes')
  for (const note of notes([...cheapest.notes, ...plan.notes])) console.log(`  - ${note.text}`)
}

function describe(model: CatalogModel, quant: CatalogQuant, result: FitResult, label: string): string[] {
  return [
    `${model.name} · ${quant.id} (${quant.precisionBits}-bit, ${size(quant)}) · ${formatContext(result.contextTokens)} context · ${label}`,
    `Verdict   ${describeVerdict(result)}`,
    `Memory    ${memory(result)} · disk ${formatBytes(result.diskBytes)}`,
    `Context   longest wholly on the GPU: ${result.maxContextFullGpu ? formatContext(result.maxContextFullGpu) : 'none'}; longest at all: ${result.maxContext ? formatContext(result.maxContext) : 'none'}`,
    ...(result.speed ? [`Speed     about ${result.speed.low}-${result.speed.high} tokens/s (from memory bandwidth)`] : []),
    'Why',
    ...result.reasons.map((reason) => `  - ${describeReason(reason)}`)
  ]
}

const size = (quant: CatalogQuant): string => `${quant.sizeSource === 'exact' ? '' : '≈'}${formatBytes(quant.sizeBytes)}`
const memory = (result: FitResult): string =>
  [result.vramBytes > 0 && `GPU ${formatBytes(result.vramBytes)}`, `RAM ${formatBytes(result.ramBytes)}`].filter(Boolean).join(' + ')
const withTexts = (result: FitResult): FitResult & { verdictText: string; reasons: Array<FitResult['reasons'][number] & { text: string }> } => ({
  ...result,
  verdictText: describeVerdict(result),
  reasons: result.reasons.map((reason) => ({ ...reason, text: describeReason(reason) }))
})

async function headerWeights(values: Values, model: CatalogModel, quant: CatalogQuant): Promise<WeightsSplit | undefined> {
  const hub = await cliHubOptions()
  const source = typeof values.gguf === 'string'
    ? values.gguf
    : values.header ? `${hub.endpoint}/${model.repo}/resolve/${model.revision ?? 'main'}/${quant.files[0]?.name ?? singleFileName(model.repo, quant.id)}` : undefined
  if (!source) return undefined
  // node-llama-cpp takes seconds to import; only header reads need it.
  const { readGgufWeights } = await import('../../services/catalog/gguf-weights')
  const { weights } = await readGgufWeights(source, hub.token ? { token: hub.token } : {})
  if (weights.layerBytes.length !== model.architecture.layers) {
    throw new AppError({
      code: 'bad-request',
      message: `${source} has ${weights.layerBytes.length} layers, but ${model.name} has ${model.architecture.layers}.`,
      hint: 'Give the GGUF file of the model you named.'
    })
  }
  return weights
}

/** 8192, 8k, 32K, 128k: K is 1024 tokens, as model cards write context lengths. */
export function parseContext(value: Values[string]): number {
  if (value === undefined) return defaultContextTokens
  const match = /^(\d+(?:\.\d+)?)(k?)$/i.exec(String(value).trim())
  const tokens = match ? Math.round(Number(match[1]) * (match[2] ? 1024 : 1)) : NaN
  if (!Number.isInteger(tokens) || tokens < contextLimits.min) {
    throw new AppError({ code: 'bad-request', message: `--ctx must be a number of tokens of at least ${contextLimits.min}, such as 8192 or 32k, not "${String(value)}".` })
  }
  return tokens
}

function parseKv(value: Values[string]): KvCacheType | undefined {
  if (value === undefined) return undefined
  const kv = String(value).toLowerCase().replace('-', '_')
  if (kv === 'f16' || kv === 'q8_0') return kv
  throw new AppError({ code: 'bad-request', message: `--kv must be f16 or q8_0, not "${String(value)}".` })
}
