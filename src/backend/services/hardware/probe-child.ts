/**
 * The slow sources, asked in a child process: node-llama-cpp (which GPU backends load) and systeminformation.
 *
 * Why a child process and not the main process:
 * - loading llama.cpp's native binding maps the CUDA or Vulkan runtime into the process for good (hundreds of
 *   MB, a GPU context that holds VRAM); a broken driver can abort the process (GGML_ASSERT, a crash in the
 *   Vulkan loader); `llama.dispose()` has been seen to hang;
 * - systeminformation runs nvidia-smi and dmidecode with execSync, which would freeze the main process's
 *   event loop, and with it every window, for as long as they take.
 * In a child none of that reaches the window: it answers with one JSON line and exits, taking its memory with
 * it, and a hang ends at the timeout with a reason. It costs one short-lived process (about a second of CPU),
 * spent while the window already shows the fast answer.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { Systeminformation } from 'systeminformation'
import { z } from 'zod'
import { probeChildScript } from './probe-child-script'

const GpuType = z.union([z.enum(['cuda', 'vulkan', 'metal']), z.literal(false)])

/** node-llama-cpp's own answers, as its API returns them (an `Infinity` swap size becomes null in JSON). */
export const LlamaReport = z.object({
  /** getLlamaGpuTypes('supported'): backends whose drivers and runtime libraries were found. */
  supportedGpuTypes: z.array(GpuType),
  /** llama.gpu of the binding getLlama({gpu: 'auto'}) loaded; null when none loaded (see `error`). */
  gpu: GpuType.nullable(),
  /** llama.getGpuDeviceNames(): the devices that backend will use, in its order. */
  deviceNames: z.array(z.string()),
  /** llama.getVramState(): the sum over those devices; `unifiedSize` is the part shared with system RAM. */
  vram: z.object({ total: z.number(), used: z.number(), free: z.number(), unifiedSize: z.number() }).nullable(),
  swap: z.object({ maxSize: z.number().nullable(), allocated: z.number(), used: z.number() }).nullable(),
  /** What node-llama-cpp printed while choosing a backend, such as why the CUDA build did not load. */
  warnings: z.array(z.string()),
  error: z.string().nullable()
})
export type LlamaReport = z.infer<typeof LlamaReport>

/** The fields of si.graphics() controllers that reconciling reads; the rest pass through untouched. */
const GraphicsController = z.looseObject({
  vendor: z.string(),
  model: z.string(),
  vram: z.number().nullable(),
  vramDynamic: z.boolean(),
  vendorId: z.string().optional(),
  busAddress: z.string().optional(),
  name: z.string().optional(),
  driverVersion: z.string().optional(),
  memoryTotal: z.number().optional(),
  memoryFree: z.number().optional()
})

/** What systeminformation said; each part null when its source failed or took too long. */
export const SystemInfo = z.object({
  cpu: z.object({ manufacturer: z.string(), brand: z.string(), physicalCores: z.number(), cores: z.number() }).nullable(),
  cpuFlags: z.string().nullable(),
  mem: z.object({ total: z.number(), available: z.number(), swaptotal: z.number(), swapfree: z.number() }).nullable(),
  graphics: z.array(GraphicsController).nullable()
})
export type SystemInfo = Omit<z.infer<typeof SystemInfo>, 'graphics'> & { graphics: Systeminformation.GraphicsControllerData[] | null }

export interface ProbeChildReport {
  system: SystemInfo
  llama: LlamaReport
}

const ChildOutput = z.object({ probeChild: z.object({ system: SystemInfo.nullable(), llama: LlamaReport }) })
const marker = '{"probeChild":'
const noSystemInfo: SystemInfo = { cpu: null, cpuFlags: null, mem: null, graphics: null }

/** Never rejects: a failure comes back as a report whose `llama.error` says what happened. */
export async function runProbeChild(options: { timeoutMs?: number } = {}): Promise<ProbeChildReport> {
  const timeoutMs = options.timeoutMs ?? 45_000
  const resolveModule = (name: string): string => pathToFileURL(createRequire(import.meta.url).resolve(name)).href
  const script = probeChildScript({ nodeLlamaCpp: resolveModule('node-llama-cpp'), systeminformation: resolveModule('systeminformation') })
  return new Promise((resolve) => {
    const failed = (error: string): void => resolve({ system: noSystemInfo, llama: { ...emptyLlamaReport, error } })
    // ELECTRON_RUN_AS_NODE makes the Electron binary behave as plain Node; plain Node ignores it.
    const child = spawn(process.execPath, ['--input-type=module', '--eval', script], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      failed(`The hardware check did not finish within ${timeoutMs / 1000} s and was stopped.`)
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      failed(`Could not start the hardware check: ${error.message}`)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').findLast((text) => text.startsWith(marker))
      const parsed = line ? ChildOutput.safeParse(parseJson(line)) : null
      if (parsed?.success) {
        const { system, llama } = parsed.data.probeChild
        resolve({ system: (system as SystemInfo | null) ?? noSystemInfo, llama })
      } else {
        failed(`The hardware check ended without an answer (${signal ?? `exit code ${code}`}). ${stderr.trim().split('\n').at(-1) ?? ''}`.trim())
      }
    })
  })
}

const emptyLlamaReport: LlamaReport = { supportedGpuTypes: [], gpu: null, deviceNames: [], vram: null, swap: null, warnings: [], error: null }

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
