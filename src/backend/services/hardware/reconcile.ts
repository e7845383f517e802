/**
 * One list of GPUs from two sources that see the same devices differently: the OS (systeminformation: lspci
 * and nvidia-smi on Linux, WMI on Windows, system_profiler on macOS) sees every device; node-llama-cpp sees
 * only those its backend can use, with the VRAM figures that matter for loading a model. Pure, so recorded
 * outputs of both libraries (test/fixtures/hardware) check it.
 */
import type { Systeminformation } from 'systeminformation'
import type { Gpu, GpuBackend, GpuUnusableCode, GpuVendor } from '../../../shared/hardware'
import { displayName, isConsoleOnlyAdapter, looksIntegrated, nameOverlap, vendorOf } from './gpu-identity'
import type { LlamaReport } from './probe-child'

type Controller = Systeminformation.GraphicsControllerData

const mib = 1024 * 1024
// lspci reports the size of the PCI memory window, not the card's memory; 256 MB is the classic window.
const pciWindowMiB = 256

interface OsGpu {
  vendor: GpuVendor
  /** The driver's own name first (nvidia-smi's), then the OS's model string. */
  names: string[]
  fromDriver: boolean
  vramBytes: number | null
  freeBytes: number | null
  driver: string | null
  integrated: boolean
}

interface BackendDevice {
  name: string
  vendor: GpuVendor
}

export function reconcileGpus(controllers: Controller[] | null, llama: LlamaReport): Gpu[] {
  const osGpus = (controllers ?? []).map(fromController)
  const backend = llama.gpu || null
  // Without a GPU backend (CPU only, or llama.cpp did not start) no device is in use, whatever was listed.
  const devices: BackendDevice[] = backend ? llama.deviceNames.map((name) => ({ name, vendor: backendVendor(name, backend) })) : []
  const matches = matchDevices(devices, osGpus)

  const used = backend ? devices.map((device, index) => usedGpu(device, matches[index] ?? null, devices.length, llama, backend)) : []
  const unused = osGpus
    .filter((gpu) => !matches.includes(gpu) && !isConsoleOnlyAdapter(gpu.names))
    .map((gpu) => unusedGpu(gpu, llama, used))
  return [...used, ...unused]
}

function fromController(controller: Controller): OsGpu {
  const names = unique([controller.name, controller.model])
  const vendor = vendorOf(controller.vendor, controller.vendorId, ...names)
  const fromSmi = controller.memoryTotal !== undefined
  const onlyPciWindow = !fromSmi && controller.busAddress !== undefined && (controller.vram ?? 0) <= pciWindowMiB
  const vramMiB = controller.memoryTotal ?? (onlyPciWindow ? null : controller.vram)
  return {
    vendor,
    names,
    fromDriver: Boolean(controller.name),
    vramBytes: vramMiB ? vramMiB * mib : null,
    freeBytes: controller.memoryFree !== undefined ? controller.memoryFree * mib : null,
    driver: controller.driverVersion ?? null,
    integrated: looksIntegrated(vendor, names, controller.vramDynamic)
  }
}

function backendVendor(name: string, backend: GpuBackend): GpuVendor {
  const vendor = vendorOf(name)
  if (vendor !== 'other') return vendor
  return backend === 'cuda' ? 'nvidia' : backend === 'metal' ? 'apple' : 'other'
}

/** For each backend device, the OS's entry for it: same vendor, most words in common, first come first. */
function matchDevices(devices: BackendDevice[], osGpus: OsGpu[]): Array<OsGpu | undefined> {
  const taken = new Set<OsGpu>()
  return devices.map((device) => {
    let best: OsGpu | undefined
    let bestScore = -1
    for (const gpu of osGpus) {
      if (taken.has(gpu) || gpu.vendor !== device.vendor) continue
      const score = Math.max(...gpu.names.map((name) => nameOverlap(name, device.name)))
      if (score > bestScore) [best, bestScore] = [gpu, score]
    }
    if (best) taken.add(best)
    return best
  })
}

function usedGpu(device: BackendDevice, os: OsGpu | null, deviceCount: number, llama: LlamaReport, backend: GpuBackend): Gpu {
  const vram = llama.vram
  // getVramState() sums every device; only with one device is the sum that device's own figure.
  const own = deviceCount === 1 && vram !== null
  const allUnified = vram !== null && vram.unifiedSize > 0 && vram.unifiedSize >= vram.total
  const unifiedMemory = own ? vram.unifiedSize > 0 : allUnified || (os?.integrated ?? false)
  return {
    // The driver's name ("NVIDIA GeForce RTX 3060") reads best; the backend's comes next, lspci's chip name last.
    name: displayName(os?.fromDriver ? (os.names[0] ?? device.name) : device.name, device.vendor),
    names: unique([device.name, ...(os?.names ?? [])]),
    vendor: device.vendor,
    vramTotalBytes: own ? vram.total : (os?.vramBytes ?? 0),
    vramFreeBytes: own ? vram.free : (os?.freeBytes ?? null),
    driver: os?.driver ?? null,
    backend,
    unusableReason: null,
    unusableCode: null,
    unifiedMemory
  }
}

function unusedGpu(os: OsGpu, llama: LlamaReport, used: Gpu[]): Gpu {
  const [code, reason] = whyUnused(os.vendor, llama, used)
  return {
    name: displayName(os.names[0] ?? 'Unknown GPU', os.vendor),
    names: os.names,
    vendor: os.vendor,
    // An integrated GPU has no memory of its own: what the OS calls its VRAM is a slice of system RAM.
    vramTotalBytes: os.integrated ? 0 : (os.vramBytes ?? 0),
    vramFreeBytes: os.integrated ? null : os.freeBytes,
    driver: os.driver,
    backend: null,
    unusableReason: reason,
    unusableCode: code,
    unifiedMemory: os.integrated
  }
}

function whyUnused(vendor: GpuVendor, llama: LlamaReport, used: Gpu[]): [GpuUnusableCode, string] {
  if (llama.gpu === null) {
    return ['llama-unavailable', `llama.cpp could not start on this computer: ${llama.error ?? 'no reason given'}.`]
  }
  if (vendor === 'nvidia' && llama.gpu !== 'cuda') {
    if (!llama.supportedGpuTypes.includes('cuda')) {
      return ['cuda-driver-missing', 'CUDA needs the NVIDIA driver and the CUDA runtime, and they were not found. Install the NVIDIA driver (with CUDA 12) to run models on this GPU.']
    }
    return ['cuda-failed', `The CUDA build of llama.cpp did not load${detail(llama, 'cuda')}. Updating the NVIDIA driver usually fixes this.`]
  }
  if (used.length > 0) {
    const where = used.map((gpu) => gpu.name).join(', ')
    return ['not-selected', `llama.cpp runs on ${where} (${used[0]?.backend?.toUpperCase()}) and does not use this GPU.`]
  }
  if (vendor === 'amd' || vendor === 'intel') {
    if (!llama.supportedGpuTypes.includes('vulkan')) {
      return ['vulkan-driver-missing', 'No Vulkan driver was found. Install the Vulkan driver for this GPU (on Linux: mesa-vulkan-drivers) to run models on it.']
    }
    return ['vulkan-failed', `The Vulkan build of llama.cpp did not load${detail(llama, 'vulkan')}. Updating the graphics driver usually fixes this.`]
  }
  return ['unsupported', 'llama.cpp has no backend for this GPU.']
}

function detail(llama: LlamaReport, backend: string): string {
  const warning = llama.warnings.find((text) => text.toLowerCase().includes(backend))
  return warning ? ` (${warning.replace(/^\[node-llama-cpp\]\s*/, '')})` : ''
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value?.trim())).map((value) => value.trim()))]
}
