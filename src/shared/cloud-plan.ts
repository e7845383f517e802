/**
 * "Run it elsewhere": for a model file that does not fit here, the rented machines from the price table that run it
 * wholly on their GPUs, with how many GPUs, the context that fits there, the price and the command that serves it
 * (docs/cloud.md says where each number and flag comes from).
 */
import type { Architecture } from './catalog/architecture'
import type { CatalogModel, CatalogQuant } from './catalog/catalog'
import type { QuantId } from './catalog/quantisations'
import { cloudMachine, cloudOffers, type CloudOffer } from './cloud'
import { evaluateFit } from './fit/advisor'
import { serveCommands, servePort, vllmMemoryShare, type ServeCommand, type ServeEngine } from './serve-commands'

/** Machines are rented with 1, 2, 4 or 8 GPUs. */
export const gpuCounts = [1, 2, 4, 8] as const

/** BF16 is served from LG's safetensors repo by vLLM; the GGUF quantisations by llama.cpp's llama-server. */
export const serveEngine = (quantId: QuantId): ServeEngine => (quantId === 'BF16' ? 'vllm' : 'llama-server')

/**
 * vLLM splits the attention heads over the GPUs: the query heads must divide evenly, and the KV heads either divide
 * evenly or are copied whole onto several GPUs (the count a multiple of them).
 */
export function tensorParallelAllowed(architecture: Pick<Architecture, 'heads' | 'kvHeads'>, size: number): boolean {
  const { heads, kvHeads } = architecture
  return heads % size === 0 && (kvHeads >= size ? kvHeads % size === 0 : size % kvHeads === 0)
}

/** LG documents K-EXAONE on vLLM with tensor parallel 4, so no plan gives it fewer GPUs. */
export const minimumGpus = (model: Pick<CatalogModel, 'family'>, engine: ServeEngine): number =>
  engine === 'vllm' && model.family === 'k-exaone' ? 4 : 1

/** Things to know about a plan, said by the window in the user's language and by the CLI in English. */
export type CloudPlanNote =
  | { code: 'bind-all' }
  | { code: 'reasoning-parser' }
  | { code: 'k-exaone-tp4' }
  | { code: 'needs-lg-fork'; engine: ServeEngine }
  | { code: 'float16'; gpu: string }
  | { code: 'vllm-memory' }
  | { code: 'price-per-gpu' }
  | { code: 'approximate-size' }

export interface CloudPlanOption {
  offer: CloudOffer
  gpuCount: number
  /** The offer's one-GPU price times the GPUs. */
  usdPerHour: number
  /** The longest context wholly on the GPUs with this many, up to the trained length. */
  contextTokens: number
  commands: ServeCommand[]
  notes: CloudPlanNote[]
}

export interface CloudPlan {
  modelId: string
  quant: QuantId
  engine: ServeEngine
  /** The context asked for, capped at the trained length: every option holds at least this much. */
  requestedContext: number
  /** Cheapest first. */
  options: CloudPlanOption[]
  notes: CloudPlanNote[]
}

export function planCloud(model: CatalogModel, quant: CatalogQuant, contextTokens: number): CloudPlan {
  const engine = serveEngine(quant.id)
  const counts = gpuCounts.filter((count) => count >= minimumGpus(model, engine) && (engine === 'llama-server' || tensorParallelAllowed(model.architecture, count)))
  // Offers with the same memory are the same machine to the advisor: each size is worked out once.
  const machines = new Map<number, SmallestMachine | null>()
  const options = cloudOffers
    .map((offer): CloudPlanOption | null => {
      if (!machines.has(offer.vramGB)) machines.set(offer.vramGB, smallestMachine(model, quant, engine, offer, counts, contextTokens))
      const machine = machines.get(offer.vramGB)
      if (!machine) return null
      const float16 = engine === 'vllm' && offer.computeCapability < 8
      return {
        offer,
        ...machine,
        usdPerHour: Math.round(offer.usdPerHour * machine.gpuCount * 100) / 100,
        commands: serveCommands({ model, quant: quant.id, engine, ...machine, float16 }),
        notes: float16 ? [{ code: 'float16', gpu: offer.gpu }] : []
      }
    })
    .filter((option) => option !== null)
    .sort((a, b) => a.usdPerHour - b.usdPerHour)
  return {
    modelId: model.id,
    quant: quant.id,
    engine,
    requestedContext: Math.min(contextTokens, model.architecture.trainedContext),
    options,
    notes: planNotes(model, quant, engine)
  }
}

type SmallestMachine = Pick<CloudPlanOption, 'gpuCount' | 'contextTokens'>

/** The fewest of the offer's GPUs that run the file wholly on them, with the longest context there; null when eight are not enough. */
function smallestMachine(model: CatalogModel, quant: CatalogQuant, engine: ServeEngine, offer: CloudOffer, counts: readonly number[], contextTokens: number): SmallestMachine | null {
  const share = engine === 'vllm' ? vllmMemoryShare : 1
  for (const gpuCount of counts) {
    const fit = evaluateFit({ model, quant, hardware: cloudMachine(offer, gpuCount, share), contextTokens })
    if (fit.verdict === 'gpu') return { gpuCount, contextTokens: fit.maxContextFullGpu ?? fit.contextTokens }
  }
  return null
}

function planNotes(model: CatalogModel, quant: CatalogQuant, engine: ServeEngine): CloudPlanNote[] {
  const notes: CloudPlanNote[] = [{ code: 'bind-all' }]
  if (model.family === '4.5') notes.push({ code: 'needs-lg-fork', engine })
  if (engine === 'vllm' && model.family === '4.0') notes.push({ code: 'reasoning-parser' })
  if (engine === 'vllm' && model.family === 'k-exaone') notes.push({ code: 'k-exaone-tp4' })
  if (engine === 'vllm') notes.push({ code: 'vllm-memory' })
  notes.push({ code: 'price-per-gpu' })
  if (quant.sizeSource !== 'exact') notes.push({ code: 'approximate-size' })
  return notes
}

/** What "Connect" puts in the add-engine form: the server's address is the one thing only the user knows. */
export function connectPrefill(model: Pick<CatalogModel, 'name'>, plan: Pick<CloudPlan, 'engine'>, option: Pick<CloudPlanOption, 'offer'>): { name: string; baseUrl: string } {
  return { name: `${model.name} · ${option.offer.provider}`, baseUrl: `http://your-server:${servePort[plan.engine]}/v1` }
}
