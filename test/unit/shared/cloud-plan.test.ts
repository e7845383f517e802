import { describe, expect, it } from 'vitest'
import { resolveCatalog, type CatalogModel } from '../../../src/shared/catalog/catalog'
import type { QuantId } from '../../../src/shared/catalog/quantisations'
import { cloudMachine, cloudOffers, offerVramBytes } from '../../../src/shared/cloud'
import { describeCloudNote, describeServeVariant } from '../../../src/shared/cloud-notes'
import { connectPrefill, planCloud, tensorParallelAllowed, type CloudPlanOption } from '../../../src/shared/cloud-plan'
import { evaluateFit } from '../../../src/shared/fit/advisor'

const catalog = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })
const model = (id: string): CatalogModel => catalog.models.find((item) => item.id === id)!
const plan = (modelId: string, quantId: QuantId, context = 8192) => planCloud(model(modelId), model(modelId).quants.find((quant) => quant.id === quantId)!, context)
const offer = (provider: string, gpu: string) => cloudOffers.find((item) => item.provider === provider && item.gpu === gpu)!
const optionOn = (options: CloudPlanOption[], provider: string, gpu: string) => options.find((option) => option.offer.provider === provider && option.offer.gpu === gpu)

describe('the price table', () => {
  it('reads the advertised GB as 10^9 bytes, never more than the card has', () => {
    const a100 = offer('Lambda Labs', 'A100')
    expect(offerVramBytes(a100)).toBe(40e9)
    const machine = cloudMachine(a100, 4, 0.9)
    expect(machine.gpus).toHaveLength(4)
    expect(machine.gpus.every((gpu) => gpu.vramTotalBytes === 40e9 && gpu.vramFreeBytes === 36e9)).toBe(true)
    expect(machine.ram.totalBytes).toBe(320e9)
  })
})

describe('vLLM tensor parallel sizes', () => {
  it('need the query heads divisible, and the KV heads divisible or copied whole', () => {
    const exaone32B = model('exaone-4.0-32b').architecture
    expect([1, 2, 4, 8, 16].filter((size) => tensorParallelAllowed(exaone32B, size))).toEqual([1, 2, 4, 8])
    expect(tensorParallelAllowed({ heads: 40, kvHeads: 8 }, 16)).toBe(false)
    expect(tensorParallelAllowed({ heads: 48, kvHeads: 8 }, 16)).toBe(true)
    expect(tensorParallelAllowed({ heads: 36, kvHeads: 12 }, 8)).toBe(false)
    expect(tensorParallelAllowed({ heads: 36, kvHeads: 12 }, 4)).toBe(true)
  })
})

describe('the cloud plan', () => {
  it('serves EXAONE 4.0 32B BF16 with vLLM on the fewest GPUs that hold it, cheapest first, with both reasoning parsers', () => {
    const result = plan('exaone-4.0-32b', 'BF16')
    expect(result).toMatchObject({ modelId: 'exaone-4.0-32b', quant: 'BF16', engine: 'vllm', requestedContext: 8192 })
    expect(result.options.map((option) => option.usdPerHour)).toEqual([...result.options.map((option) => option.usdPerHour)].sort((a, b) => a - b))
    const cheapest = result.options[0]!
    expect(cheapest).toMatchObject({ gpuCount: 2, usdPerHour: 0.88, contextTokens: 131_072, offer: { provider: 'RunPod', gpu: 'A40' } })
    expect(cheapest.commands).toEqual([
      {
        variant: 'vllm-0.14',
        text: 'vllm serve LGAI-EXAONE/EXAONE-4.0-32B \\\n  --tensor-parallel-size 2 \\\n  --max-model-len 131072 \\\n' +
          '  --enable-auto-tool-choice --tool-call-parser hermes \\\n  --reasoning-parser deepseek_v3 \\\n' +
          '  --host 0.0.0.0 --port 8000 --api-key "$EXAONE_API_KEY"'
      },
      {
        variant: 'vllm-0.10',
        text: 'vllm serve LGAI-EXAONE/EXAONE-4.0-32B \\\n  --tensor-parallel-size 2 \\\n  --max-model-len 131072 \\\n' +
          '  --enable-auto-tool-choice --tool-call-parser hermes \\\n  --reasoning-parser deepseek_r1 \\\n' +
          '  --host 0.0.0.0 --port 8000 --api-key "$EXAONE_API_KEY"'
      }
    ])
    expect(result.notes.map((note) => note.code)).toEqual(['bind-all', 'reasoning-parser', 'vllm-memory', 'price-per-gpu', 'approximate-size'])
  })

  it('takes the GPU count and the context from the fit advisor run on that many GPUs at vLLM\'s share', () => {
    const result = plan('exaone-4.0-32b', 'BF16')
    const a100 = optionOn(result.options, 'Thunder Compute', 'A100')!
    expect(a100.gpuCount).toBe(2)
    const onOne = evaluateFit({ model: model('exaone-4.0-32b'), quant: model('exaone-4.0-32b').quants[0]!, hardware: cloudMachine(a100.offer, 1, 0.9), contextTokens: 8192 })
    const onTwo = evaluateFit({ model: model('exaone-4.0-32b'), quant: model('exaone-4.0-32b').quants[0]!, hardware: cloudMachine(a100.offer, 2, 0.9), contextTokens: 8192 })
    expect(onOne.verdict).not.toBe('gpu')
    expect(onTwo.verdict).toBe('gpu')
    expect(a100.contextTokens).toBe(onTwo.maxContextFullGpu)
    expect(a100.contextTokens).toBeLessThan(131_072)
    expect(a100.commands[0]!.text).toContain(`--max-model-len ${a100.contextTokens} `)
  })

  it('runs vLLM in float16 on GPUs without bfloat16, and says so', () => {
    const t4 = optionOn(plan('exaone-4.0-1.2b', 'BF16').options, 'Vast.ai', 'T4')!
    expect(t4).toMatchObject({ gpuCount: 1, usdPerHour: 0.15, notes: [{ code: 'float16', gpu: 'T4' }] })
    expect(t4.commands[0]!.text).toBe(
      'vllm serve LGAI-EXAONE/EXAONE-4.0-1.2B \\\n  --dtype half \\\n  --max-model-len 65536 \\\n' +
        '  --enable-auto-tool-choice --tool-call-parser hermes \\\n  --reasoning-parser deepseek_v3 \\\n' +
        '  --host 0.0.0.0 --port 8000 --api-key "$EXAONE_API_KEY"'
    )
    expect(optionOn(plan('exaone-4.0-1.2b', 'BF16').options, 'RunPod', 'A40')!.notes).toEqual([])
  })

  it('serves a GGUF file with llama-server from LG\'s repo, split evenly over the GPUs', () => {
    const result = plan('exaone-4.0-32b', 'Q4_K_M')
    expect(result.engine).toBe('llama-server')
    expect(result.notes.map((note) => note.code)).toEqual(['bind-all', 'price-per-gpu', 'approximate-size'])
    expect(result.options[0]).toMatchObject({ gpuCount: 2, usdPerHour: 0.3, offer: { provider: 'Vast.ai', gpu: 'T4' } })
    expect(result.options[0]!.commands).toEqual([{
      variant: 'llama-server',
      text: 'llama-server -hf LGAI-EXAONE/EXAONE-4.0-32B-GGUF:Q4_K_M \\\n  -c 131072 -ngl 99 --jinja \\\n' +
        '  --split-mode layer --tensor-split 1,1 \\\n  --host 0.0.0.0 --port 8080 --api-key "$EXAONE_API_KEY"'
    }])
    expect(optionOn(result.options, 'RunPod', 'A40')!.commands[0]!.text).toBe(
      'llama-server -hf LGAI-EXAONE/EXAONE-4.0-32B-GGUF:Q4_K_M \\\n  -c 131072 -ngl 99 --jinja \\\n  --host 0.0.0.0 --port 8080 --api-key "$EXAONE_API_KEY"'
    )
  })

  it('gives 3.5 and Deep plain vLLM commands from the safetensors repo, without LG\'s 4.0 flags', () => {
    const option = plan('exaone-3.5-7.8b', 'BF16', 32_768).options.find((item) => item.offer.gpu === 'A40')!
    expect(option.commands).toEqual([{
      variant: 'vllm',
      text: 'vllm serve LGAI-EXAONE/EXAONE-3.5-7.8B-Instruct \\\n  --max-model-len 32768 \\\n  --host 0.0.0.0 --port 8000 --api-key "$EXAONE_API_KEY"'
    }])
  })

  it('puts K-EXAONE on at least 4 GPUs with vLLM 0.14+, as LG documents', () => {
    const result = plan('k-exaone-236b-a23b', 'BF16')
    expect(result.notes.map((note) => note.code)).toContain('k-exaone-tp4')
    expect(result.options.map((option) => [option.offer.provider, option.offer.gpu, option.gpuCount])).toEqual([['RunPod', 'A100', 8]])
    expect(result.options[0]!.commands).toEqual([{
      variant: 'vllm-0.14',
      text: 'vllm serve LGAI-EXAONE/K-EXAONE-236B-A23B \\\n  --tensor-parallel-size 8 \\\n  --max-model-len 262144 \\\n' +
        '  --enable-auto-tool-choice --tool-call-parser hermes \\\n  --reasoning-parser deepseek_v3 \\\n' +
        '  --host 0.0.0.0 --port 8000 --api-key "$EXAONE_API_KEY"'
    }])
    // A 1.2B model fits one GPU; K-EXAONE on vLLM never gets fewer than four, however much memory each has.
    expect(Math.min(...result.options.map((option) => option.gpuCount))).toBeGreaterThanOrEqual(4)
    expect(plan('k-exaone-236b-a23b', 'Q4_K_M').options[0]).toMatchObject({ gpuCount: 4, offer: { gpu: 'A40' } })
  })

  it('marks EXAONE 4.5 as needing LG\'s forks', () => {
    expect(plan('exaone-4.5-33b', 'BF16').notes).toContainEqual({ code: 'needs-lg-fork', engine: 'vllm' })
    expect(plan('exaone-4.5-33b', 'Q4_K_M').notes).toContainEqual({ code: 'needs-lg-fork', engine: 'llama-server' })
    expect(describeCloudNote({ code: 'needs-lg-fork', engine: 'llama-server' })).toMatch(/^EXAONE 4\.5 runs on llama\.cpp only through LG's fork/)
    expect(describeCloudNote({ code: 'needs-lg-fork', engine: 'vllm' }, 'ko')).toMatch(/^EXAONE 4\.5는 지금은 LG가 포크한 vLLM에서만/)
  })

  it('leaves out the offers where eight GPUs are not enough', () => {
    // K-EXAONE BF16 is about 472 GB: eight 48 GB GPUs (about 418 GB at vLLM's share) cannot hold it, eight 80 GB ones can.
    expect(plan('k-exaone-236b-a23b', 'BF16', 262_144).options.map((option) => option.offer.vramGB)).toEqual([80])
  })

  it('fills the add-engine form with a name and the server\'s port, the address left for the user', () => {
    const result = plan('exaone-4.0-32b', 'Q4_K_M')
    expect(connectPrefill(model('exaone-4.0-32b'), result, result.options[0]!)).toEqual({ name: 'EXAONE 4.0 32B · Vast.ai', baseUrl: 'http://your-server:8080/v1' })
    expect(connectPrefill(model('exaone-4.0-32b'), plan('exaone-4.0-32b', 'BF16'), result.options[0]!).baseUrl).toBe('http://your-server:8000/v1')
  })

  it('says its notes and command captions in English and Korean', () => {
    expect(describeCloudNote({ code: 'float16', gpu: 'T4' })).toBe('The T4 has no bfloat16 (compute capability below 8.0), so vLLM runs the model in float16 there (--dtype half).')
    expect(describeCloudNote({ code: 'float16', gpu: 'T4' }, 'ko')).toBe('T4에는 bfloat16이 없으므로(컴퓨트 능력 8.0 미만) vLLM이 float16(--dtype half)으로 실행합니다.')
    expect(describeCloudNote({ code: 'bind-all' })).toContain('set EXAONE_API_KEY to a long random secret')
    expect(describeServeVariant('vllm-0.10', 'ko')).toBe('vLLM 0.10~0.13 (LG README 그대로)')
  })
})
