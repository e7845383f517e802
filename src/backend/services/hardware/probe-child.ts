/**
 * The slow sources, asked in a child process: node-llama-cpp (which GPU backends load) and systeminformation.
 *
 * Why a child process and not the main process:
 * - loading llama.cpp's native binding maps the CUDA or Vulkan runtime into the process for good (hundreds of
 *   MB, a GPU context that holds VRAM); a broken driver can abort the process (GGML_ASSERT, a crash in the
 *   Vulkan loader); `llama.dispose()` has been seen to hang;
 * - systeminformation runs nvidia-smi and dmidecode with execSync, which would freeze the main process's
 *   event loop, and with it every window, for as long as they take.
 * In a child none of that reaches the window: it answers with one message and exits, taking its memory with
 * it, and a hang ends at the timeout with a reason. It costs one short-lived process (about a second of CPU),
 * spent while the window already shows the fast answer.
 */
import type { Systeminformation } from 'systeminformation'
import { z } from 'zod'
import { locateEntry } from '../../entry-path'
import type { WorkerHandle } from '../../inference/protocol'
import { spawnNodeWorker } from '../../inference/spawn-node'

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
/** What probe-child-entry.ts sends its parent, once. */
export type ProbeChildMessage = { probeChild: { system: SystemInfo | null; llama: LlamaReport } }

/** The probe process as whoever starts it sees it: Electron passes utilityProcess.fork, Node forks (spawnProbeChild). */
export type ProbeChildHandle = Pick<WorkerHandle, 'onMessage' | 'onExit' | 'onStderr' | 'kill'>

/** Starts probe-child-entry.ts with child_process.fork: from source through tsx, else the built out/main/hardware-probe.js. */
export function spawnProbeChild(): ProbeChildHandle {
  return spawnNodeWorker(locateEntry(import.meta.url, './probe-child-entry.ts', 'hardware-probe.js'))
}

const noSystemInfo: SystemInfo = { cpu: null, cpuFlags: null, mem: null, graphics: null }

/** Never rejects: a failure comes back as a report whose `llama.error` says what happened. */
export async function runProbeChild(options: { timeoutMs?: number; spawn?: () => ProbeChildHandle; signal?: AbortSignal } = {}): Promise<ProbeChildReport> {
  const timeoutMs = options.timeoutMs ?? 45_000
  return new Promise((resolve) => {
    let child: ProbeChildHandle | null = null
    let settled = false
    const settle = (report: ProbeChildReport): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', stop)
      // The child waits to be ended once it has answered (exiting itself could overtake its message); this also ends a hang.
      child?.kill()
      resolve(report)
    }
    const failed = (error: string): void => settle({ system: noSystemInfo, llama: { ...emptyLlamaReport, error } })
    const timer = setTimeout(() => failed(`The hardware check did not finish within ${timeoutMs / 1000} s and was stopped.`), timeoutMs)
    // The backend is closing: the child goes with it rather than finishing a probe nobody will read.
    function stop(): void {
      failed('The hardware check was stopped: the app is closing.')
    }
    if (options.signal?.aborted) {
      stop()
      return
    }
    options.signal?.addEventListener('abort', stop, { once: true })
    try {
      child = (options.spawn ?? spawnProbeChild)()
    } catch (error) {
      failed(`Could not start the hardware check: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    let stderr = ''
    child.onStderr((text) => (stderr = (stderr + text).slice(-4000)))
    child.onMessage((message: unknown) => {
      const parsed = ChildOutput.safeParse(message)
      if (!parsed.success) return
      const { system, llama } = parsed.data.probeChild
      settle({ system: (system as SystemInfo | null) ?? noSystemInfo, llama })
    })
    child.onExit(({ code, signal }) => {
      failed(`The hardware check ended without an answer (${signal ?? `exit code ${code}`}). ${stderr.trim().split('\n').at(-1) ?? ''}`.trim())
    })
  })
}

const emptyLlamaReport: LlamaReport = { supportedGpuTypes: [], gpu: null, deviceNames: [], vram: null, swap: null, warnings: [], error: null }
