/**
 * The exact command that serves an EXAONE model on a rented machine, with LG's flags (docs/cloud.md#the-commands):
 * vLLM for the safetensors weights, llama.cpp's llama-server for the GGUF files.
 */
import type { CatalogModel } from './catalog/catalog'
import type { QuantId } from './catalog/quantisations'

export type ServeEngine = 'vllm' | 'llama-server'

/** Each server's own default port, so the commands and "Connect" agree. */
export const servePort: Record<ServeEngine, number> = { vllm: 8000, 'llama-server': 8080 }

/** vLLM's default `--gpu-memory-utilization`: the share of each GPU it takes for weights, activations and KV cache. */
export const vllmMemoryShare = 0.9

/** The shell variable the commands read the key from, so a command can be copied and shared without the key. */
export const apiKeyVariable = 'EXAONE_API_KEY'

/**
 * vllm-0.14: vLLM 0.14 or newer, with the `deepseek_v3` reasoning parser; vllm-0.10: 0.10 to 0.13, LG's README as
 * written (`deepseek_r1`); vllm: any version that serves the model; llama-server: llama.cpp's server.
 */
export type ServeVariant = 'vllm-0.14' | 'vllm-0.10' | 'vllm' | 'llama-server'

export interface ServeCommand {
  variant: ServeVariant
  text: string
}

export interface ServeRequest {
  model: Pick<CatalogModel, 'repo' | 'family'>
  quant: QuantId
  engine: ServeEngine
  gpuCount: number
  contextTokens: number
  /** The GPU has no bfloat16 (compute capability below 8.0). */
  float16: boolean
}

/** LG's safetensors repo is the GGUF repo's name without `-GGUF`. */
export const safetensorsRepo = (repo: string): string => repo.replace(/-GGUF$/i, '')

export function serveCommands(request: ServeRequest): ServeCommand[] {
  if (request.engine === 'llama-server') return [{ variant: 'llama-server', text: llamaServerCommand(request) }]
  const { family } = request.model
  // EXAONE 4.0: LG's README names deepseek_r1; on vLLM 0.14+ deepseek_v3 honours enable_thinking (docs/cloud.md).
  if (family === '4.0') return [{ variant: 'vllm-0.14', text: vllmCommand(request, 'deepseek_v3') }, { variant: 'vllm-0.10', text: vllmCommand(request, 'deepseek_r1') }]
  if (family === 'k-exaone') return [{ variant: 'vllm-0.14', text: vllmCommand(request, 'deepseek_v3') }]
  return [{ variant: 'vllm', text: vllmCommand(request, family === '4.5' ? 'deepseek_v3' : null) }]
}

function vllmCommand({ model, gpuCount, contextTokens, float16 }: ServeRequest, reasoningParser: string | null): string {
  // 3.5 and Deep: LG documents neither tool calls nor a reasoning parser for them on vLLM.
  const lgFlags = reasoningParser ? ['--enable-auto-tool-choice --tool-call-parser hermes', `--reasoning-parser ${reasoningParser}`] : []
  return lines([
    `vllm serve ${safetensorsRepo(model.repo)}`,
    ...(gpuCount > 1 ? [`--tensor-parallel-size ${gpuCount}`] : []),
    ...(float16 ? ['--dtype half'] : []),
    `--max-model-len ${contextTokens}`,
    ...lgFlags,
    listenFlags('vllm')
  ])
}

function llamaServerCommand({ model, quant, gpuCount, contextTokens }: ServeRequest): string {
  return lines([
    `llama-server -hf ${model.repo}:${quant}`,
    `-c ${contextTokens} -ngl 99 --jinja`,
    // Whole layers per GPU, evenly: llama.cpp needs no divisibility.
    ...(gpuCount > 1 ? [`--split-mode layer --tensor-split ${Array.from({ length: gpuCount }, () => '1').join(',')}`] : []),
    listenFlags('llama-server')
  ])
}

const listenFlags = (engine: ServeEngine): string => `--host 0.0.0.0 --port ${servePort[engine]} --api-key "$${apiKeyVariable}"`
const lines = (parts: string[]): string => parts.join(' \\\n  ')
