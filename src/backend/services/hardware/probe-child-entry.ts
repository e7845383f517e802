/**
 * The hardware probe's own process (see probe-child.ts for why it is one): asks node-llama-cpp which GPU
 * backends load and systeminformation what the OS reports, sends one `{probeChild: ...}` message to its parent
 * and exits. Electron starts it with utilityProcess.fork (process.parentPort), Node with child_process.fork
 * (process.send); it is built as out/main/hardware-probe.js.
 *
 * It must never build llama.cpp from source or download anything: `build: 'never'` and `skipDownload` turn a
 * missing binary into an error, which becomes the report's reason.
 */
import type { LlamaReport, ProbeChildMessage, SystemInfo } from './probe-child'

interface ParentPort {
  postMessage(message: unknown): void
}

// Forked by Node (the CLI, the harness): the parent gone, nobody will read the answer, so this ends at once rather than
// finishing the probe (seconds here; the Windows PowerShell queries can take 20 s). Electron ends its utility
// processes itself.
if (process.send) {
  if (!process.connected) process.exit(0)
  process.once('disconnect', () => process.exit(0))
}

// node-llama-cpp prints why a backend did not load; those lines are the report's warnings, not this process's output.
const warnings: string[] = []
const keep = (...parts: unknown[]): void => {
  const text = parts.map(String).join(' ').trim()
  if (text) warnings.push(text)
}
console.log = console.info = console.warn = console.error = keep

/** A source that fails or takes too long counts as unknown. On Windows graphics() runs several PowerShell queries, slow on a cold start. */
function settle<T>(promise: Promise<T>, ms = 20_000): Promise<T | null> {
  return Promise.race([promise.catch(() => null), new Promise<null>((resolve) => setTimeout(resolve, ms, null).unref())])
}

async function askSystem(): Promise<SystemInfo> {
  const si = (await import('systeminformation')).default
  const [cpu, cpuFlags, mem, graphics] = await Promise.all([settle(si.cpu()), settle(si.cpuFlags()), settle(si.mem()), settle(si.graphics())])
  return {
    cpu: cpu && { manufacturer: cpu.manufacturer, brand: cpu.brand, physicalCores: cpu.physicalCores, cores: cpu.cores },
    cpuFlags,
    mem: mem && { total: mem.total, available: mem.available, swaptotal: mem.swaptotal, swapfree: mem.swapfree },
    graphics: graphics ? graphics.controllers : null
  }
}

async function askLlama(): Promise<LlamaReport> {
  const report: LlamaReport = { supportedGpuTypes: [], gpu: null, deviceNames: [], vram: null, swap: null, warnings, error: null }
  try {
    const { getLlama, getLlamaGpuTypes, LlamaLogLevel } = await import('node-llama-cpp')
    report.supportedGpuTypes = await getLlamaGpuTypes('supported')
    const llama = await getLlama({
      gpu: 'auto',
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      logger: (_level, message) => keep(message)
    })
    report.gpu = llama.gpu
    report.deviceNames = await llama.getGpuDeviceNames()
    const vram = await llama.getVramState()
    report.vram = { total: vram.total, used: vram.used, free: vram.free, unifiedSize: vram.unifiedSize }
    const swap = await llama.getSwapState()
    report.swap = { maxSize: Number.isFinite(swap.maxSize) ? swap.maxSize : null, allocated: swap.allocated, used: swap.used }
    // Its dispose has been seen to hang; the process ends either way.
    await settle(llama.dispose(), 2000)
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error)
  }
  return report
}

const [system, llama] = await Promise.all([askSystem().catch(() => null), askLlama()])
const message: ProbeChildMessage = { probeChild: { system, llama } }
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
if (parentPort) parentPort.postMessage(message)
else process.send?.(message)
// The parent ends this process once it has the message. Exiting here at once could lose the message on its way
// (a child's exit can be seen before its last message), so this only covers a parent that never ends it.
setTimeout(() => process.exit(0), 5000)
