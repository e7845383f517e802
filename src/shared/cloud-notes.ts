/**
 * The cloud plan's notes and command captions in words: the CLI prints them in English, the window in the user's
 * language (here rather than in the renderer's messages because both say the same things, as fit/reasons.ts does).
 */
import { fillPlaceholders } from './format'
import type { CloudPlanNote } from './cloud-plan'
import { apiKeyVariable, type ServeEngine, type ServeVariant } from './serve-commands'

type Locale = 'en' | 'ko'

const engineNames: Record<ServeEngine, string> = { vllm: 'vLLM', 'llama-server': 'llama.cpp' }

const noteTexts: Record<Locale, Record<CloudPlanNote['code'], string>> = {
  en: {
    'bind-all': `The server listens on every address (--host 0.0.0.0) so that your computer can reach it, which lets anyone who finds the port reach it too: set ${apiKeyVariable} to a long random secret first (openssl rand -hex 32), use the same key when you add the engine, and open the port to your own address only.`,
    'reasoning-parser': 'Use vLLM 0.14 or newer: its deepseek_v3 reasoning parser honours enable_thinking. On 0.10 to 0.13 only LG\'s deepseek_r1 flag exists, and it puts an answer given without thinking wholly into the reasoning field.',
    'k-exaone-tp4': 'LG serves K-EXAONE with --tensor-parallel-size 4 on four H200 GPUs (141 GB each) for its 256K context, on vLLM 0.14 or newer. The price table has no H200, so the plan uses at least 4 of the GPUs it has.',
    'needs-lg-fork': 'EXAONE 4.5 runs on {engine} only through LG\'s fork for now: install the fork named on the model page first; its README has the final flags.',
    float16: 'The {gpu} has no bfloat16 (compute capability below 8.0), so vLLM runs the model in float16 there (--dtype half).',
    'vllm-memory': 'vLLM takes 90% of each GPU (--gpu-memory-utilization 0.9), and the plan counts only that share; the weights are as large as the BF16 files.',
    'price-per-gpu': 'Prices for several GPUs are the one-GPU price times their number: a provider\'s multi-GPU machines may cost otherwise, and not every provider rents them.',
    'approximate-size': 'The file sizes are approximate until Hugging Face\'s listing is read (for a repo not yet listed, computed from the parameter count), so the GPU counts are an estimate.'
  },
  ko: {
    'bind-all': `서버가 모든 주소(--host 0.0.0.0)에서 연결을 받으므로 내 컴퓨터에서 접속할 수 있지만, 포트를 찾은 누구나 접속할 수도 있습니다. 먼저 ${apiKeyVariable}에 길고 무작위한 비밀 값(openssl rand -hex 32)을 넣고, 엔진을 추가할 때 같은 키를 입력하고, 포트는 내 주소에만 여세요.`,
    'reasoning-parser': 'vLLM 0.14 이상을 쓰세요. 이 버전의 deepseek_v3 추론 파서는 enable_thinking을 따릅니다. 0.10~0.13에는 LG의 deepseek_r1 옵션만 있으며, 생각 없이 한 답변 전체를 추론 필드에 넣습니다.',
    'k-exaone-tp4': 'LG는 256K 컨텍스트를 위해 K-EXAONE을 vLLM 0.14 이상에서 H200 GPU(각 141 GB) 4개에 --tensor-parallel-size 4로 실행합니다. 가격표에 H200이 없으므로 이 계획은 표에 있는 GPU를 4개 이상 씁니다.',
    'needs-lg-fork': 'EXAONE 4.5는 지금은 LG가 포크한 {engine}에서만 실행됩니다. 먼저 모델 페이지에 안내된 포크를 설치하세요. 최종 옵션은 그 README에 있습니다.',
    float16: '{gpu}에는 bfloat16이 없으므로(컴퓨트 능력 8.0 미만) vLLM이 float16(--dtype half)으로 실행합니다.',
    'vllm-memory': 'vLLM은 GPU마다 메모리의 90%를 씁니다(--gpu-memory-utilization 0.9). 계획은 그 몫만 계산하며, 가중치 크기는 BF16 파일과 같습니다.',
    'price-per-gpu': 'GPU 여러 개의 가격은 GPU 하나 가격에 개수를 곱한 값입니다. 제공업체의 다중 GPU 머신은 가격이 다를 수 있고, 모든 업체가 빌려주지는 않습니다.',
    'approximate-size': 'Hugging Face 목록을 읽기 전까지 파일 크기는 대략적인 값이므로(목록이 없는 저장소는 파라미터 수로 계산) GPU 개수도 추정치입니다.'
  }
}

const variantTexts: Record<Locale, Record<ServeVariant, string>> = {
  en: { 'vllm-0.14': 'vLLM 0.14 or newer', 'vllm-0.10': 'vLLM 0.10 to 0.13 (LG\'s README as written)', vllm: 'vLLM', 'llama-server': 'llama.cpp\'s llama-server' },
  ko: { 'vllm-0.14': 'vLLM 0.14 이상', 'vllm-0.10': 'vLLM 0.10~0.13 (LG README 그대로)', vllm: 'vLLM', 'llama-server': 'llama.cpp의 llama-server' }
}

export function describeCloudNote(note: CloudPlanNote, locale: Locale = 'en'): string {
  return fillPlaceholders(noteTexts[locale][note.code], (name) => {
    if (note.code === 'needs-lg-fork' && name === 'engine') return engineNames[note.engine]
    if (note.code === 'float16' && name === 'gpu') return note.gpu
    return undefined
  })
}

export const describeServeVariant = (variant: ServeVariant, locale: Locale = 'en'): string => variantTexts[locale][variant]

/** Every template in both languages, for the checks that read them. */
export function cloudNoteTemplates(locale: Locale): string[] {
  return [...Object.values(noteTexts[locale]), ...Object.values(variantTexts[locale])]
}
