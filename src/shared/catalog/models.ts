/**
 * The official EXAONE GGUF repositories (docs/exaone.md is the source of every number here). Exact file sizes and
 * sha256 come from Hugging Face at run time; the sizes below are what is known without a connection.
 */
import type { Architecture } from './architecture'
import type { QuantId } from './quantisations'

export type Family = '4.0' | '4.5' | 'deep' | '3.5' | 'k-exaone'
export const families: readonly Family[] = ['4.0', '4.5', 'deep', '3.5', 'k-exaone']

/** none: plain chat; always: thinks before every answer; the others can be switched per message. */
export type Reasoning = 'none' | 'always' | 'off-by-default' | 'on-by-default'

export interface Sampling {
  temperature: number
  topP?: number
  presencePenalty?: number
  /** Only once the answer starts repeating itself (LG's advice for 4.0 reasoning). */
  presencePenaltyWhenRepeating?: number
  /** LG advises at most this much repetition penalty. */
  repeatPenaltyMax?: number
}

export interface Licence {
  name: string
  commercialUse: boolean
}

/** listed: Hugging Face's page, rounded; reported: an exact figure from a third party. Both checked online. */
export interface KnownSize {
  /** One figure per file part. */
  bytes: readonly number[]
  source: 'listed' | 'reported'
  sha256?: string
}

export interface ModelEntry {
  /** Stable id used by the CLI, settings and downloads. */
  id: string
  name: string
  repo: string
  family: Family
  llamaArchitecture: 'exaone' | 'exaone4' | 'exaone-moe'
  architecture: Architecture
  /** Given only where it cannot be derived from the architecture (mixture of experts). */
  parameters?: { total: number; active: number }
  licence: Licence
  reasoning: Reasoning
  sampling: { chat?: Sampling; reasoning?: Sampling }
  knownSizes: Partial<Record<QuantId, KnownSize>>
  /** Vision-language models read images through a separate projector file. */
  imageProjectorFile?: string
}

const licences = {
  nc12: { name: 'EXAONE AI Model License Agreement 1.2 - NC', commercialUse: false },
  nc11: { name: 'EXAONE AI Model License Agreement 1.1 - NC', commercialUse: false },
  kExaone: { name: 'K-EXAONE AI Model License Agreement', commercialUse: true }
} satisfies Record<string, Licence>

const exaoneVocab = 102_400

const shapes = {
  exaone4Small: {
    layers: 30, dModel: 2048, heads: 32, kvHeads: 8, headDim: 64, feedForward: 4096, vocab: exaoneVocab,
    trainedContext: 65_536, tiedEmbeddings: true, slidingWindow: null
  },
  exaone4Large: {
    layers: 64, dModel: 5120, heads: 40, kvHeads: 8, headDim: 128, feedForward: 27_392, vocab: exaoneVocab,
    trainedContext: 131_072, tiedEmbeddings: false, slidingWindow: { size: 4096, pattern: 'LLLG' }
  },
  // 3.5 and Deep: untied in LG's GGUF files (the listed sizes match only so).
  exaone2B: {
    layers: 30, dModel: 2560, heads: 32, kvHeads: 8, headDim: 80, feedForward: 7168, vocab: exaoneVocab,
    trainedContext: 32_768, tiedEmbeddings: false, slidingWindow: null
  },
  exaone8B: {
    layers: 32, dModel: 4096, heads: 32, kvHeads: 8, headDim: 128, feedForward: 14_336, vocab: exaoneVocab,
    trainedContext: 32_768, tiedEmbeddings: false, slidingWindow: null
  },
  exaone32B: {
    layers: 64, dModel: 5120, heads: 40, kvHeads: 8, headDim: 128, feedForward: 27_392, vocab: exaoneVocab,
    trainedContext: 32_768, tiedEmbeddings: false, slidingWindow: null
  }
} satisfies Record<string, Architecture>

const gb = (value: number): number => Math.round(value * 1e9)
const listed = (...parts: number[]): KnownSize => ({ bytes: parts.map(gb), source: 'listed' })

/** 3.5, Deep and 4.0 32B have the same tensor shapes, so the same file sizes. */
const sizes32B: ModelEntry['knownSizes'] = {
  BF16: listed(33, 31), Q8_0: listed(34), Q6_K: listed(26.3), Q5_K_M: listed(22.7), Q4_K_M: listed(19.3), IQ4_XS: listed(17.4)
}
const sizes2B: ModelEntry['knownSizes'] = {
  BF16: listed(5.34), Q8_0: listed(2.84), Q6_K: listed(2.19), Q5_K_M: listed(1.91), Q4_K_M: listed(1.64), IQ4_XS: listed(1.51)
}

const sampling40 = {
  // LG: below 0.6 without reasoning, and its own example is greedy.
  chat: { temperature: 0 },
  reasoning: { temperature: 0.6, topP: 0.95, presencePenaltyWhenRepeating: 1.5 }
} satisfies ModelEntry['sampling']
const samplingDeep = { reasoning: { temperature: 0.6, topP: 0.95, repeatPenaltyMax: 1 } } satisfies ModelEntry['sampling']
const sampling35 = { chat: { temperature: 0, repeatPenaltyMax: 1 } } satisfies ModelEntry['sampling']

function deepAndInstruct(size: '2.4B' | '7.8B' | '32B', architecture: Architecture, knownSizes: ModelEntry['knownSizes']): ModelEntry[] {
  const id = size.toLowerCase()
  return [
    {
      id: `exaone-deep-${id}`, name: `EXAONE Deep ${size}`, repo: `LGAI-EXAONE/EXAONE-Deep-${size}-GGUF`, family: 'deep',
      llamaArchitecture: 'exaone', architecture, licence: licences.nc11, reasoning: 'always', sampling: samplingDeep, knownSizes
    },
    {
      id: `exaone-3.5-${id}`, name: `EXAONE 3.5 ${size} Instruct`, repo: `LGAI-EXAONE/EXAONE-3.5-${size}-Instruct-GGUF`, family: '3.5',
      llamaArchitecture: 'exaone', architecture, licence: licences.nc11, reasoning: 'none', sampling: sampling35, knownSizes
    }
  ]
}

export const models: readonly ModelEntry[] = [
  {
    id: 'exaone-4.0-1.2b', name: 'EXAONE 4.0 1.2B', repo: 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF', family: '4.0',
    llamaArchitecture: 'exaone4', architecture: shapes.exaone4Small, licence: licences.nc12, reasoning: 'off-by-default',
    // 0.1 keeps Korean chats from switching language (LG's advice for the 1.2B).
    sampling: { ...sampling40, chat: { temperature: 0.1 } },
    knownSizes: {
      Q4_K_M: { bytes: [812_437_792], source: 'reported' },
      Q8_0: { bytes: [1_363_939_616], source: 'reported', sha256: 'cc0b2a3f447e134cafd2853104d06227122cc280f4c9fee8c90172066174ef04' }
    }
  },
  {
    id: 'exaone-4.0-32b', name: 'EXAONE 4.0 32B', repo: 'LGAI-EXAONE/EXAONE-4.0-32B-GGUF', family: '4.0',
    llamaArchitecture: 'exaone4', architecture: shapes.exaone4Large, licence: licences.nc12, reasoning: 'off-by-default',
    sampling: sampling40, knownSizes: sizes32B
  },
  {
    id: 'exaone-4.5-33b', name: 'EXAONE 4.5 33B', repo: 'LGAI-EXAONE/EXAONE-4.5-33B-GGUF', family: '4.5',
    // The text decoder is shaped as 4.0 32B (the feed-forward width is assumed equal) with a larger vocabulary.
    llamaArchitecture: 'exaone4', architecture: { ...shapes.exaone4Large, vocab: 153_600, trainedContext: 262_144 },
    licence: licences.nc12, reasoning: 'on-by-default',
    sampling: { chat: { temperature: 1, topP: 0.95, presencePenalty: 1.5 }, reasoning: { temperature: 1, topP: 0.95, presencePenalty: 1.5 } },
    knownSizes: {}, imageProjectorFile: 'mmproj-EXAONE-4.5-33B-BF16.gguf'
  },
  ...deepAndInstruct('2.4B', shapes.exaone2B, sizes2B),
  ...deepAndInstruct('7.8B', shapes.exaone8B, {}),
  ...deepAndInstruct('32B', shapes.exaone32B, sizes32B),
  {
    id: 'k-exaone-236b-a23b', name: 'K-EXAONE 236B-A23B', repo: 'LGAI-EXAONE/K-EXAONE-236B-A23B-GGUF', family: 'k-exaone',
    // 48 layers (llama.cpp), 3:1 hybrid attention with a 128-token window and 256K context (LG's README);
    // the width and the KV heads are assumptions until the GGUF header is read.
    llamaArchitecture: 'exaone-moe',
    architecture: {
      layers: 48, dModel: 6144, heads: 64, kvHeads: 8, headDim: 128, feedForward: null, vocab: 153_600,
      trainedContext: 262_144, tiedEmbeddings: false, slidingWindow: { size: 128, pattern: 'LLLG' }
    },
    parameters: { total: 236e9, active: 23e9 },
    licence: licences.kExaone, reasoning: 'on-by-default',
    sampling: { chat: { temperature: 1, topP: 0.95 }, reasoning: { temperature: 1, topP: 0.95 } },
    knownSizes: {}
  }
]
