/**
 * An EXAONE GGUF that is not one of LG's own files (a community quantisation, a fine-tune), described from its
 * header alone: its name, its precision, and the numbers the fit advisor needs (architecture, parameters, weights).
 */
import type { GgufFileInfo } from 'node-llama-cpp'
import { GgmlType, GgufFileType } from 'node-llama-cpp'
import type { Architecture } from '../../../shared/catalog/architecture'
import { AppError } from '../../../shared/errors'
import { customPrefix, type CustomModel } from '../../../shared/library'
import { exaoneArchitectures } from '../../inference/gguf-check'
import { tensorBytes, weightsOf } from '../catalog/gguf-weights'

type HeaderInfo = Pick<GgufFileInfo, 'metadata' | 'architectureMetadata' | 'fullTensorInfo'>

/**
 * "Q3_K_M" from general.file_type (llama_ftype); without one, the precision the file name gives (`fromName`), else
 * the type most of the weights are stored in.
 */
export function quantLabelOf(info: Pick<GgufFileInfo, 'metadata' | 'fullTensorInfo'>, fromName: string | undefined): string | undefined {
  const fileType = info.metadata.general?.file_type
  const named = fileType !== undefined ? GgufFileType[Number(fileType)] : undefined
  if (named) return named.replace(/^(ALL|MOSTLY)_/, '')
  if (fromName) return fromName
  const bytesByType = new Map<number, number>()
  for (const tensor of info.fullTensorInfo ?? []) bytesByType.set(tensor.ggmlType, (bytesByType.get(tensor.ggmlType) ?? 0) + tensorBytes(tensor))
  const [dominant] = [...bytesByType].sort((a, b) => b[1] - a[1])[0] ?? []
  return dominant !== undefined ? GgmlType[dominant] : undefined
}

/** "custom:ko-tune-7b": the library id of a custom file, from its name (letters of any script kept: "custom:한국어-모델"). */
export function customModelId(name: string): string {
  const slug = name.toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60)
  return `${customPrefix}${slug || 'model'}`
}

/** What the fit advisor needs, read from the header of every part (`readGgufFileInfo` with the parts spliced). */
export function customModelOf(fileName: string, info: HeaderInfo): CustomModel {
  const llamaArchitecture = String(info.metadata.general?.architecture) as CustomModel['llamaArchitecture']
  if (!exaoneArchitectures.includes(llamaArchitecture)) throw new Error(`customModelOf needs an EXAONE header, not ${llamaArchitecture}`)
  const meta = info.architectureMetadata as Record<string, unknown> & { attention?: Record<string, unknown> }
  const attention = meta.attention ?? {}
  const need = (value: unknown, key: string): number => {
    const number = Array.isArray(value) ? Math.max(...value.map(Number)) : Number(value)
    if (Number.isFinite(number) && number > 0) return number
    throw new AppError({
      code: 'bad-model',
      message: `${fileName} is an EXAONE GGUF whose header has no ${llamaArchitecture}.${key}, so its memory cannot be worked out.`,
      hint: 'Convert the model again with a current llama.cpp (convert_hf_to_gguf.py).'
    })
  }
  const tensors = info.fullTensorInfo ?? []
  const layers = need(meta.block_count, 'block_count')
  const dModel = need(meta.embedding_length, 'embedding_length')
  const heads = need(attention.head_count, 'attention.head_count')
  const experts = Number(meta.expert_count ?? 0)
  const embedding = tensors.find((tensor) => tensor.name === 'token_embd.weight')
  const architecture: Architecture = {
    layers,
    dModel,
    heads,
    kvHeads: attention.head_count_kv !== undefined ? need(attention.head_count_kv, 'attention.head_count_kv') : heads,
    headDim: attention.key_length !== undefined ? need(attention.key_length, 'attention.key_length') : dModel / heads,
    feedForward: experts > 0 ? null : need(meta.feed_forward_length, 'feed_forward_length'),
    vocab: Number(meta.vocab_size ?? embedding?.dimensions[1] ?? 0),
    trainedContext: need(meta.context_length, 'context_length'),
    tiedEmbeddings: !tensors.some((tensor) => tensor.name === 'output.weight'),
    slidingWindow: slidingWindowOf(attention.sliding_window, attention.sliding_window_pattern)
  }
  const elements = (tensor: (typeof tensors)[number]): number => tensor.dimensions.reduce<number>((product, dimension) => product * Number(dimension), 1)
  const total = tensors.reduce((sum, tensor) => sum + elements(tensor), 0)
  // A mixture of experts runs expert_used_count of its expert_count experts for each token.
  const expertShare = experts > 0 ? Number(meta.expert_used_count ?? experts) / experts : 1
  const expertParameters = tensors.filter((tensor) => tensor.name.includes('_exps.')).reduce((sum, tensor) => sum + elements(tensor), 0)
  return {
    llamaArchitecture,
    architecture,
    parameters: { total, active: total - expertParameters * (1 - expertShare) },
    weights: weightsOf(info)
  }
}

/**
 * The sliding-window layers as the converter writes them: one bool per layer (true = sliding), or every n-th layer
 * global. Without a pattern every layer is counted as global, which can only overestimate the KV cache.
 */
function slidingWindowOf(size: unknown, pattern: unknown): Architecture['slidingWindow'] {
  if (typeof size !== 'number' || size <= 0) return null
  if (Array.isArray(pattern) && pattern.length > 0) return { size, pattern: shortestRepeat(pattern.map((sliding) => (sliding ? 'L' : 'G')).join('')) }
  if (typeof pattern === 'number' && pattern > 1) return { size, pattern: `${'L'.repeat(pattern - 1)}G` }
  return null
}

/** "LLLGLLLG…" -> "LLLG": the shortest unit the layers repeat (the catalog writes its patterns so). */
function shortestRepeat(layers: string): string {
  for (let length = 1; length < layers.length; length++) {
    const unit = layers.slice(0, length)
    if (unit.repeat(Math.ceil(layers.length / length)).slice(0, layers.length) === layers) return unit
  }
  return layers
}
