/**
 * Why a verdict is what it is, as data: the CLI prints it in English, the window in the user's language.
 * Texts live here rather than in the renderer's message tables because the CLI says the same things.
 */
import { fillPlaceholders, formatBytes } from '../format'
import type { GpuUnusableCode } from '../hardware'
import type { FitResult, Verdict } from './advisor'
import { formatContext } from './format-context'

export type FitReason =
  | { code: 'all-on-gpu'; layers: number; vram: number; budget: number }
  | { code: 'partly-on-gpu'; gpuLayers: number; layers: number; cpuLayers: number; vram: number; ram: number }
  | { code: 'cpu-only'; ram: number; budget: number }
  | { code: 'no-usable-gpu' }
  | { code: 'gpu-too-small'; layer: number; budget: number }
  | { code: 'too-large'; needed: number; available: number }
  | { code: 'not-enough-disk'; needed: number; free: number; path: string }
  | { code: 'kv-cache'; kv: number; context: number; kvType: string }
  | { code: 'sliding-window'; globalLayers: number; layers: number; window: number }
  | { code: 'context-capped'; requested: number; trained: number }
  | { code: 'approximate-size' }
  | { code: 'gpu-unusable'; gpu: string; unusable: GpuUnusableCode }
  | { code: 'unified-memory'; pool: number }

export type RecommendationReason =
  | { code: 'most-precise-on-gpu'; quant: string }
  | { code: 'near-lossless-on-gpu'; quant: string }
  | { code: 'balanced'; quant: string }
  | { code: 'balanced-on-cpu'; quant: string }
  | { code: 'smallest-that-runs'; quant: string }

type Code = FitReason['code'] | RecommendationReason['code']
type Locale = 'en' | 'ko'

/** Every template in both languages, for the checks that read them (Korean particles after a placeholder). */
export function reasonTemplates(locale: Locale): string[] {
  return [...Object.values(texts[locale]), ...Object.values(verdictTexts[locale]), ...Object.values(unusableTexts[locale])]
}

const texts: Record<Locale, Record<Code, string>> = {
  en: {
    'all-on-gpu': 'All {layers} layers and the KV cache fit in GPU memory: {vram} of {budget} free.',
    'partly-on-gpu': '{gpuLayers} of {layers} layers fit in GPU memory ({vram}); the other {cpuLayers} run on the CPU from RAM ({ram}), which is slower.',
    'cpu-only': 'Runs on the CPU from RAM: {ram} of {budget} free; slower than on a GPU.',
    'no-usable-gpu': 'No GPU that llama.cpp can use was found.',
    'gpu-too-small': 'Not even one layer ({layer}) fits in the GPU memory that is free ({budget}).',
    'too-large': 'Needs about {needed} of memory at this context; this machine has {available} free for it (RAM and GPU together).',
    'not-enough-disk': 'Not enough disk: {needed} needed, {free} free on {path}.',
    'kv-cache': 'The KV cache for {context} tokens takes {kv} ({kvType}).',
    'sliding-window': 'Only {globalLayers} of {layers} layers keep the whole context; the others keep the last {window} tokens, so long contexts cost less.',
    'context-capped': 'The model was trained for up to {trained} tokens, so {requested} was lowered to {trained}.',
    'approximate-size': 'The file size is approximate until Hugging Face can be reached.',
    'gpu-unusable': '{gpu} is not used: {unusable}.',
    'unified-memory': 'The GPU shares system memory ({pool} free) with the CPU and every other program.',
    'most-precise-on-gpu': '{quant}: the most precise file that runs wholly on the GPU at this context.',
    'near-lossless-on-gpu': '{quant}: runs wholly on the GPU and is practically as good as 16-bit at half the download.',
    balanced: '{quant}: the usual balance of quality, size and speed when the model cannot run wholly on the GPU.',
    'balanced-on-cpu': '{quant}: on the CPU smaller files answer faster, and 4-bit Q4_K_M stays close to 8-bit quality.',
    'smallest-that-runs': '{quant}: the smallest file, and the only kind that runs here.'
  },
  ko: {
    'all-on-gpu': '{layers}개 레이어 전부와 KV 캐시가 GPU 메모리에 들어갑니다: 여유 {budget} 중 {vram}.',
    'partly-on-gpu': '{layers}개 중 {gpuLayers}개 레이어가 GPU 메모리({vram})에 들어가고, 나머지 {cpuLayers}개는 RAM({ram})에서 CPU로 실행되어 느립니다.',
    'cpu-only': 'RAM에서 CPU로 실행됩니다: 여유 {budget} 중 {ram}. GPU보다 느립니다.',
    'no-usable-gpu': 'llama.cpp가 쓸 수 있는 GPU를 찾지 못했습니다.',
    'gpu-too-small': '레이어 하나({layer})도 GPU의 여유 메모리({budget})에 들어가지 않습니다.',
    'too-large': '이 컨텍스트에서 약 {needed}의 메모리가 필요하지만, 이 컴퓨터에서 쓸 수 있는 메모리는 {available}입니다(RAM과 GPU 합계).',
    'not-enough-disk': '디스크 공간 부족: {needed} 필요, {path}에 {free} 남음.',
    'kv-cache': '{context} 토큰의 KV 캐시 크기: {kv}({kvType}).',
    'sliding-window': '{layers}개 중 {globalLayers}개 레이어만 전체 컨텍스트를 저장하고, 나머지는 최근 {window} 토큰만 저장하므로 긴 컨텍스트의 부담이 작습니다.',
    'context-capped': '이 모델은 최대 {trained} 토큰으로 학습되어, 요청한 {requested} 토큰을 {trained} 토큰으로 낮췄습니다.',
    'approximate-size': 'Hugging Face에 연결되기 전까지 파일 크기는 대략적인 값입니다.',
    'gpu-unusable': '사용하지 않는 GPU: {gpu}({unusable}).',
    'unified-memory': 'GPU가 시스템 메모리(여유 {pool})를 CPU 및 다른 프로그램과 함께 씁니다.',
    'most-precise-on-gpu': '{quant}: 이 컨텍스트에서 GPU에서만 실행되는 가장 정밀한 파일입니다.',
    'near-lossless-on-gpu': '{quant}: GPU에서만 실행되며, 절반 크기로 16비트와 거의 같은 품질입니다.',
    balanced: '{quant}: 모델 전체가 GPU에 들어가지 않을 때 품질, 크기, 속도의 균형이 가장 좋은 선택입니다.',
    'balanced-on-cpu': '{quant}: CPU에서는 작은 파일일수록 답이 빠르고, 4비트 Q4_K_M은 8비트에 가까운 품질을 유지합니다.',
    'smallest-that-runs': '{quant}: 가장 작은 파일이며, 이 컴퓨터에서 실행되는 유일한 종류입니다.'
  }
}

/** Why a GPU is left out, as a clause inside a reason. */
const unusableTexts: Record<Locale, Record<GpuUnusableCode, string>> = {
  en: {
    'cuda-driver-missing': 'the NVIDIA driver or the CUDA 12 runtime is missing',
    'cuda-failed': 'CUDA did not start',
    'vulkan-driver-missing': 'its Vulkan driver is missing',
    'vulkan-failed': 'Vulkan did not start',
    'not-selected': 'models run on the other GPU',
    unsupported: 'no llama.cpp backend supports it',
    'llama-unavailable': 'llama.cpp did not start on this computer'
  },
  ko: {
    'cuda-driver-missing': 'NVIDIA 드라이버 또는 CUDA 12 런타임 없음',
    'cuda-failed': 'CUDA 시작 실패',
    'vulkan-driver-missing': 'Vulkan 드라이버 없음',
    'vulkan-failed': 'Vulkan 시작 실패',
    'not-selected': '모델은 다른 GPU에서 실행',
    unsupported: 'llama.cpp가 지원하지 않음',
    'llama-unavailable': '이 컴퓨터에서 llama.cpp 시작 실패'
  }
}

const verdictTexts: Record<Locale, Record<Verdict, string>> = {
  en: { gpu: 'Runs on GPU', partial: 'Partly on GPU · {gpuLayers} of {totalLayers} layers', cpu: 'CPU only · slow', 'no-fit': 'Too large', 'no-disk': 'Not enough disk' },
  ko: { gpu: 'GPU에서 실행', partial: '일부 GPU · {totalLayers}개 중 {gpuLayers}개 레이어', cpu: 'CPU만 · 느림', 'no-fit': '너무 큼', 'no-disk': '디스크 공간 부족' }
}

/** The badge: a verdict in words (never colour alone). */
export function describeVerdict(fit: Pick<FitResult, 'verdict' | 'gpuLayers' | 'totalLayers'>, locale: Locale = 'en'): string {
  return verdictTexts[locale][fit.verdict].replace('{gpuLayers}', String(fit.gpuLayers)).replace('{totalLayers}', String(fit.totalLayers))
}

const byteFields = new Set(['vram', 'ram', 'budget', 'needed', 'available', 'free', 'kv', 'pool', 'layer'])
const tokenFields = new Set(['context', 'requested', 'trained', 'window'])

export function describeReason(reason: FitReason | RecommendationReason, locale: Locale = 'en'): string {
  const values = reason as unknown as Record<string, string | number>
  return fillPlaceholders(texts[locale][reason.code], (name) => {
    const value = values[name]
    if (value === undefined) return undefined
    if (name === 'unusable') return unusableTexts[locale][value as GpuUnusableCode]
    if (typeof value === 'string') return value
    if (byteFields.has(name)) return formatBytes(value, locale)
    if (tokenFields.has(name)) return formatContext(value)
    return value.toLocaleString(locale)
  })
}
