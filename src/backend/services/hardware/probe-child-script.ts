/**
 * The program the probe's child process runs, as plain JavaScript for `node --eval`: the same text works under
 * tsx, vitest and in the bundled Electron main, where a separate TypeScript entry would need its own build
 * step. It prints one JSON line and exits.
 *
 * It must never build llama.cpp from source or download anything: `build: 'never'` and `skipDownload` turn
 * a missing binary into an error, which becomes the report's reason.
 */
export function probeChildScript(modules: { nodeLlamaCpp: string; systeminformation: string }): string {
  return `
// node-llama-cpp tests its binary in a forked process, which would inherit --eval and run this script again.
process.execArgv = []
const warnings = []
const keep = (...parts) => { const text = parts.map(String).join(' ').trim(); if (text) warnings.push(text) }
console.log = console.info = console.warn = console.error = keep

// On Windows graphics() runs several PowerShell queries, which can take seconds on a cold start.
const settle = (promise) => Promise.race([promise.catch(() => null), new Promise((resolve) => setTimeout(resolve, 20000, null))])
const pick = (object, keys) => object && Object.fromEntries(keys.map((key) => [key, object[key]]))

async function askSystem() {
  const si = (await import(${JSON.stringify(modules.systeminformation)})).default
  const [cpu, cpuFlags, mem, graphics] = await Promise.all([settle(si.cpu()), settle(si.cpuFlags()), settle(si.mem()), settle(si.graphics())])
  return {
    cpu: pick(cpu, ['manufacturer', 'brand', 'physicalCores', 'cores']),
    cpuFlags,
    mem: pick(mem, ['total', 'available', 'swaptotal', 'swapfree']),
    graphics: graphics ? graphics.controllers : null
  }
}

async function askLlama() {
  const report = { supportedGpuTypes: [], gpu: null, deviceNames: [], vram: null, swap: null, warnings, error: null }
  try {
    const { getLlama, getLlamaGpuTypes } = await import(${JSON.stringify(modules.nodeLlamaCpp)})
    report.supportedGpuTypes = await getLlamaGpuTypes('supported')
    const llama = await getLlama({ gpu: 'auto', build: 'never', skipDownload: true, progressLogs: false,
      logLevel: 'error', logger: (_level, message) => keep(message) })
    report.gpu = llama.gpu
    report.deviceNames = await llama.getGpuDeviceNames()
    report.vram = await llama.getVramState()
    const swap = await llama.getSwapState()
    report.swap = { ...swap, maxSize: Number.isFinite(swap.maxSize) ? swap.maxSize : null }
    await Promise.race([llama.dispose(), new Promise((resolve) => setTimeout(resolve, 2000))])
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error)
  }
  return report
}

const [system, llama] = await Promise.all([askSystem().catch(() => null), askLlama()])
process.stdout.write('\\n' + JSON.stringify({ probeChild: { system, llama } }) + '\\n', () => process.exit(0))
`
}
