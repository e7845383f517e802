/**
 * "What if" machines for the fit advisor. Each is a HardwareProbe (so `probe --json` output can be saved, edited
 * and given back with --hardware), plus memory bandwidth, which the probe cannot measure but speed depends on.
 */
import { z } from 'zod'
import { AppError } from './errors'
import { GpuBackend, GpuUnusableCode, GpuVendor, HardwareProbe, type Gpu } from './hardware'
import { wholeNumber } from './whole-number'

export const HardwareProfile = HardwareProbe.extend({
  /** Peak bandwidth in GB/s of system RAM and of each GPU, in the order of `gpus`; enables speed estimates. */
  memoryBandwidthGBps: z.object({ ram: z.number().positive(), gpus: z.array(z.number().positive()) }).optional()
})
export type HardwareProfile = z.infer<typeof HardwareProfile>

export interface WhatIfProfile {
  id: string
  /** How the picker groups it. */
  kind: 'desktop' | 'server' | 'apple' | 'cpu'
  hardware: HardwareProfile
}

const GiB = 1024 ** 3

interface MachineSpec {
  id: string
  cpu: [brand: string, cores: number, threads: number]
  ramGiB: number
  /** Unknown for a machine somebody described: then it gets no speed estimates. */
  ramGBps?: number
  gpus?: Array<{ name: string; vramGiB: number; gbps?: number; vendor?: 'nvidia' | 'amd'; unified?: boolean }>
  /** Data-centre machines: no desktop to share the GPU with, little else running. */
  server?: boolean
  apple?: { gpuGBps?: number }
}

function machine(spec: MachineSpec): WhatIfProfile {
  const ramBytes = spec.ramGiB * GiB
  const gpus: Gpu[] = spec.apple
    ? [appleGpu(ramBytes)]
    : (spec.gpus ?? []).map((gpu) => discreteGpu(gpu.vendor ?? 'nvidia', gpu.name, gpu.vramGiB * GiB, spec.server === true, gpu.unified === true))
  const gpuBandwidth = spec.apple ? [spec.apple.gpuGBps] : (spec.gpus ?? []).map((gpu) => gpu.gbps)
  const bandwidthKnown = (values: Array<number | undefined>): values is number[] => values.every((value) => value !== undefined)
  return {
    id: spec.id,
    kind: spec.apple ? 'apple' : spec.server ? 'server' : gpus.length > 0 ? 'desktop' : 'cpu',
    hardware: {
      probedAt: '2025-07-01T00:00:00.000Z',
      complete: true,
      os: spec.apple ? { platform: 'darwin', release: '24.5.0', arch: 'arm64' } : { platform: 'linux', release: '6.8.0', arch: 'x64' },
      cpu: {
        brand: spec.cpu[0],
        cores: spec.cpu[1],
        threads: spec.cpu[2],
        features: spec.apple ? { avx: false, avx2: false, avx512: false, neon: true } : { avx: true, avx2: true, avx512: spec.server === true, neon: false }
      },
      // A desktop with a browser and an editor open keeps about a quarter of its memory busy.
      ram: { totalBytes: ramBytes, availableBytes: Math.round(ramBytes * (spec.server ? 0.9 : 0.75)), swapTotalBytes: null, swapFreeBytes: null },
      gpus,
      disk: spec.server ? { path: '/data', totalBytes: 4e12, freeBytes: 3e12 } : { path: '/home', totalBytes: 1e12, freeBytes: 4e11 },
      ...(spec.ramGBps !== undefined && bandwidthKnown(gpuBandwidth) && { memoryBandwidthGBps: { ram: spec.ramGBps, gpus: gpuBandwidth } })
    }
  }
}

/** A card of its own (NVIDIA with CUDA, AMD with Vulkan, which llama.cpp's builds here use for Radeon), or an APU's share of RAM. */
function discreteGpu(vendor: 'nvidia' | 'amd', name: string, vramBytes: number, server: boolean, unified: boolean): Gpu {
  return {
    name,
    names: [name],
    vendor,
    vramTotalBytes: vramBytes,
    // The desktop's own windows keep a few hundred MB of a consumer card busy.
    vramFreeBytes: server || unified ? vramBytes : vramBytes - 0.4 * GiB,
    driver: null,
    backend: vendor === 'nvidia' ? 'cuda' : 'vulkan',
    unusableReason: null,
    unifiedMemory: unified
  }
}

/** macOS lets the GPU wire about two thirds of RAM up to 36 GB, three quarters above (Metal's working-set limit). */
function appleGpu(ramBytes: number): Gpu {
  const limit = Math.round(ramBytes * (ramBytes <= 36 * GiB ? 2 / 3 : 3 / 4))
  return {
    name: 'Apple M-series GPU',
    names: ['Apple M-series GPU'],
    vendor: 'apple',
    vramTotalBytes: limit,
    vramFreeBytes: null,
    driver: null,
    backend: 'metal',
    unusableReason: null,
    unifiedMemory: true
  }
}

const desktopCpu: MachineSpec['cpu'] = ['AMD Ryzen 7 7700', 8, 16]
const serverCpu: MachineSpec['cpu'] = ['AMD EPYC 7763', 32, 64]
const ddr5 = 80

export const whatIfProfiles: readonly WhatIfProfile[] = [
  machine({ id: 'rtx-3060-12gb', cpu: ['AMD Ryzen 5 5600X', 6, 12], ramGiB: 32, ramGBps: 50, gpus: [{ name: 'NVIDIA GeForce RTX 3060', vramGiB: 12, gbps: 360 }] }),
  machine({ id: 'rtx-4060-8gb', cpu: ['Intel Core i5-13400F', 10, 16], ramGiB: 16, ramGBps: 60, gpus: [{ name: 'NVIDIA GeForce RTX 4060', vramGiB: 8, gbps: 272 }] }),
  machine({ id: 'rtx-4090-24gb', cpu: desktopCpu, ramGiB: 64, ramGBps: ddr5, gpus: [{ name: 'NVIDIA GeForce RTX 4090', vramGiB: 24, gbps: 1008 }] }),
  machine({ id: 'rtx-5090-32gb', cpu: desktopCpu, ramGiB: 64, ramGBps: ddr5, gpus: [{ name: 'NVIDIA GeForce RTX 5090', vramGiB: 32, gbps: 1792 }] }),
  machine({
    id: '2x-rtx-3090-24gb', cpu: desktopCpu, ramGiB: 64, ramGBps: ddr5,
    gpus: [{ name: 'NVIDIA GeForce RTX 3090', vramGiB: 24, gbps: 936 }, { name: 'NVIDIA GeForce RTX 3090', vramGiB: 24, gbps: 936 }]
  }),
  machine({ id: 'a100-40gb', cpu: serverCpu, ramGiB: 128, ramGBps: 200, server: true, gpus: [{ name: 'NVIDIA A100 40GB', vramGiB: 40, gbps: 1555 }] }),
  machine({ id: 'a100-80gb', cpu: serverCpu, ramGiB: 256, ramGBps: 200, server: true, gpus: [{ name: 'NVIDIA A100 80GB', vramGiB: 80, gbps: 2039 }] }),
  machine({ id: 'h100-80gb', cpu: serverCpu, ramGiB: 256, ramGBps: 200, server: true, gpus: [{ name: 'NVIDIA H100 80GB', vramGiB: 80, gbps: 3350 }] }),
  machine({ id: 'apple-16gb', cpu: ['Apple M3', 8, 8], ramGiB: 16, ramGBps: 100, apple: { gpuGBps: 100 } }),
  machine({ id: 'apple-32gb', cpu: ['Apple M3 Pro', 12, 12], ramGiB: 32, ramGBps: 150, apple: { gpuGBps: 150 } }),
  machine({ id: 'apple-64gb', cpu: ['Apple M3 Max', 16, 16], ramGiB: 64, ramGBps: 400, apple: { gpuGBps: 400 } }),
  machine({ id: 'apple-128gb', cpu: ['Apple M4 Max', 16, 16], ramGiB: 128, ramGBps: 546, apple: { gpuGBps: 546 } }),
  machine({ id: 'cpu-16gb', cpu: ['Intel Core i5-12400', 6, 12], ramGiB: 16, ramGBps: 50 }),
  machine({ id: 'cpu-32gb', cpu: desktopCpu, ramGiB: 32, ramGBps: ddr5 }),
  machine({ id: 'cpu-64gb', cpu: desktopCpu, ramGiB: 64, ramGBps: ddr5 })
]

export function findWhatIfProfile(id: string): WhatIfProfile | undefined {
  return whatIfProfiles.find((profile) => profile.id === id.toLowerCase())
}

/** What the custom-machine editor's fields may hold; the editor, the settings file and the CLI check against these. */
export const customMachineLimits = {
  gpuCount: { min: 1, max: 8 },
  gpuMemoryGB: { min: 1, max: 512 },
  ramGB: { min: 1, max: 4096 }
} as const

/** The GPU as the editor offers it: the vendor decides the llama.cpp backend (CUDA, Vulkan for Radeon, Metal). */
export const CustomGpuKind = z.enum(['nvidia', 'amd', 'apple', 'none'])
export type CustomGpuKind = z.infer<typeof CustomGpuKind>

/**
 * A machine somebody describes in the Models page's editor, in the numbers hardware is sold by: GPU memory per
 * card and RAM in GB. Apple silicon needs only its RAM (the GPU shares it); an AMD or NVIDIA GPU with unified
 * memory (an APU, a GB10) is one GPU whose memory is a share of the RAM.
 */
export const CustomMachine = z
  .object({
    gpu: CustomGpuKind,
    gpuCount: wholeNumber('The number of GPUs', customMachineLimits.gpuCount),
    gpuMemoryGB: wholeNumber('The GPU memory', customMachineLimits.gpuMemoryGB),
    ramGB: wholeNumber('The RAM', customMachineLimits.ramGB),
    unifiedMemory: z.boolean()
  })
  .superRefine((machine, context) => {
    if (!machine.unifiedMemory || machine.gpu === 'none' || machine.gpu === 'apple') return
    if (machine.gpuCount !== 1) context.addIssue({ code: 'custom', path: ['gpuCount'], message: 'A GPU that shares the RAM is the only GPU: set the number of GPUs to 1.' })
    if (machine.gpuMemoryGB > machine.ramGB) context.addIssue({ code: 'custom', path: ['gpuMemoryGB'], message: 'A GPU that shares the RAM cannot have more memory than the RAM.' })
  })
export type CustomMachine = z.infer<typeof CustomMachine>

/** What the editor starts from: a gaming desktop of today. */
export const defaultCustomMachine: CustomMachine = { gpu: 'nvidia', gpuCount: 1, gpuMemoryGB: 16, ramGB: 32, unifiedMemory: false }

/** The id the picker and `fit --hardware` know the custom machine by. */
export const customMachineId = 'custom'

/**
 * The described machine as the fit advisor takes it, on the built-in profiles' assumptions (a quarter of the RAM
 * in use, a few hundred MB of a card taken by the desktop). Its memory bandwidth is unknown, so no speed estimates.
 */
export function customMachineProfile(spec: CustomMachine): HardwareProfile {
  const vendor = spec.gpu
  const gpus = vendor === 'nvidia' || vendor === 'amd'
    ? Array.from({ length: spec.gpuCount }, () => ({ name: vendor === 'nvidia' ? 'NVIDIA GPU' : 'AMD GPU', vramGiB: spec.gpuMemoryGB, vendor, unified: spec.unifiedMemory }))
    : []
  return machine({
    id: customMachineId,
    cpu: desktopCpu,
    ramGiB: spec.ramGB,
    gpus,
    ...(spec.gpu === 'apple' && { apple: {} })
  }).hardware
}

const bytes = z.number().nonnegative()
/** "NVIDIA", "Nvidia" and "nvidia" are the same vendor; so are "CUDA" and "cuda". */
const lowerCase = z.string().transform((text) => text.toLowerCase())
/** The backend a hand-written GPU runs with when it does not say: the one llama.cpp uses for that vendor. */
const vendorBackends: Record<GpuVendor, GpuBackend | null> = { nvidia: 'cuda', amd: 'vulkan', intel: 'vulkan', apple: 'metal', other: null }

/** A GPU as a person writes it: name, vendor and memory are enough; the rest has defaults. */
const WrittenGpu = z
  .strictObject({
    name: z.string().min(1),
    names: z.array(z.string()).optional(),
    vendor: lowerCase.pipe(GpuVendor),
    vramTotalBytes: bytes,
    vramFreeBytes: bytes.nullable().optional(),
    driver: z.string().nullable().optional(),
    backend: lowerCase.pipe(GpuBackend).nullable().optional(),
    unusableReason: z.string().nullable().optional(),
    unusableCode: GpuUnusableCode.nullable().optional(),
    unifiedMemory: z.boolean().optional()
  })
  .transform((gpu): Gpu => {
    const backend = gpu.backend === undefined ? vendorBackends[gpu.vendor] : gpu.backend
    return {
      name: gpu.name,
      names: gpu.names ?? [gpu.name],
      vendor: gpu.vendor,
      vramTotalBytes: gpu.vramTotalBytes,
      vramFreeBytes: gpu.vramFreeBytes ?? null,
      driver: gpu.driver ?? null,
      backend,
      unusableReason: gpu.unusableReason ?? (backend === null ? 'no llama.cpp backend supports it' : null),
      unusableCode: gpu.unusableCode ?? (backend === null ? 'unsupported' : null),
      unifiedMemory: gpu.unifiedMemory ?? gpu.vendor === 'apple'
    }
  })

/**
 * A machine as a person writes it (or `probe --json` saved it): RAM and the GPUs are what matter; anything else
 * may be left out. An unknown field is refused, so a typo ("vramTotal") does not pass for a default.
 */
const WrittenProfile = z.strictObject({
  probedAt: z.string().default('written by hand'),
  complete: z.boolean().default(true),
  os: z.strictObject({ platform: z.string(), release: z.string(), arch: z.string() }).default({ platform: 'unknown', release: '', arch: 'unknown' }),
  cpu: z
    .strictObject({
      brand: z.string().default('CPU'),
      cores: z.number().int().positive(),
      threads: z.number().int().positive().optional(),
      features: z.strictObject({ avx: z.boolean(), avx2: z.boolean(), avx512: z.boolean(), neon: z.boolean() }).nullable().default(null)
    })
    .transform((cpu) => ({ ...cpu, threads: cpu.threads ?? cpu.cores }))
    .default({ brand: 'CPU', cores: 8, threads: 8, features: null }),
  ram: z
    .strictObject({ totalBytes: bytes, availableBytes: bytes.optional(), swapTotalBytes: bytes.nullable().default(null), swapFreeBytes: bytes.nullable().default(null) })
    .transform((ram) => ({ ...ram, availableBytes: ram.availableBytes ?? ram.totalBytes })),
  gpus: z.array(WrittenGpu).default([]),
  llamaCpp: HardwareProbe.shape.llamaCpp,
  disk: HardwareProbe.shape.disk.default(null),
  memoryBandwidthGBps: HardwareProfile.shape.memoryBandwidthGBps
})

/** Validates a saved or hand-written hardware description, naming each problem by its place in the file. */
export function parseHardwareProfile(value: unknown, source: string): HardwareProfile {
  const parsed = WrittenProfile.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${[...issue.path, key].join('.')}: not a field of a hardware description`).join('; ')
      return `${where}: ${issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'missing (a $1)')}`
    })
  throw new AppError({
    code: 'bad-request',
    message: `${source} is not a hardware description: ${problems.join('; ')}.`,
    hint: 'Start from "exaone-desktop probe --json > machine.json" and edit the numbers, or name a built-in profile: ' +
      whatIfProfiles.map((profile) => profile.id).join(', ') + '.'
  })
}
