import { z } from 'zod'

export const GpuVendor = z.enum(['nvidia', 'amd', 'intel', 'apple', 'other'])
export type GpuVendor = z.infer<typeof GpuVendor>
export const GpuBackend = z.enum(['cuda', 'vulkan', 'metal'])
export type GpuBackend = z.infer<typeof GpuBackend>

/** Why llama.cpp cannot use a GPU, as a code the window translates; `unusableReason` says it in English. */
export const GpuUnusableCode = z.enum([
  'cuda-driver-missing',
  'cuda-failed',
  'vulkan-driver-missing',
  'vulkan-failed',
  'not-selected',
  'unsupported',
  'llama-unavailable'
])
export type GpuUnusableCode = z.infer<typeof GpuUnusableCode>

export const Gpu = z.object({
  name: z.string(),
  /** Every name the sources gave for this device (the backend's and the OS's), so none is lost in reconciling. */
  names: z.array(z.string()),
  vendor: GpuVendor,
  /** 0 when no source knows it: a GPU no backend can open, whose OS reports only its PCI window. */
  vramTotalBytes: z.number().nonnegative(),
  vramFreeBytes: z.number().nonnegative().nullable(),
  driver: z.string().nullable(),
  /** The llama.cpp backend that can use this GPU, or null with the reason in `unusableReason`. */
  backend: GpuBackend.nullable(),
  unusableReason: z.string().nullable(),
  /** Absent in hand-written hardware descriptions and in probes saved by older versions. */
  unusableCode: GpuUnusableCode.nullable().optional(),
  /** Apple silicon and APUs: "VRAM" is system RAM shared with the CPU, not extra memory. */
  unifiedMemory: z.boolean()
})
export type Gpu = z.infer<typeof Gpu>

export const HardwareProbe = z.object({
  probedAt: z.string(),
  /** False while only the fast sources have answered; a `hardware:updated` event brings the rest. */
  complete: z.boolean(),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  cpu: z.object({
    brand: z.string(),
    cores: z.number().int().positive(),
    threads: z.number().int().positive(),
    features: z.object({ avx: z.boolean(), avx2: z.boolean(), avx512: z.boolean(), neon: z.boolean() }).nullable()
  }),
  ram: z.object({
    totalBytes: z.number().nonnegative(),
    availableBytes: z.number().nonnegative(),
    swapTotalBytes: z.number().nonnegative().nullable(),
    swapFreeBytes: z.number().nonnegative().nullable()
  }),
  gpus: z.array(Gpu),
  /** What node-llama-cpp can run on here; null until the probe is complete, absent in hand-written descriptions. */
  llamaCpp: z
    .object({
      /** The backend it loaded; null means CPU only (or nothing, with `problem` saying why). */
      backend: GpuBackend.nullable(),
      /** Backends whose drivers and libraries were found. */
      availableBackends: z.array(GpuBackend),
      problem: z.string().nullable()
    })
    .nullable()
    .optional(),
  disk: z.object({ path: z.string(), totalBytes: z.number().nonnegative(), freeBytes: z.number().nonnegative() }).nullable()
})
export type HardwareProbe = z.infer<typeof HardwareProbe>

export const hardwareRequests = {
  /** Answers at once from the fast sources; `hardware:updated` follows when the slow ones finish. */
  'hardware:probe': { args: z.object({ refresh: z.boolean().optional() }).strict(), result: HardwareProbe }
} as const

export const hardwareEvents = {
  'hardware:updated': HardwareProbe
} as const
