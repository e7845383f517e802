/** The live monitor: memory, CPU and VRAM sampled once a second while someone watches. */
import { z } from 'zod'

/**
 * This app's processes: main (the backend), the inference worker, the window's renderer and, in Electron,
 * Chromium's GPU process and its other helpers (network service, zygote, the hardware check).
 */
export const ProcessRole = z.enum(['main', 'inference', 'renderer', 'gpu', 'other'])
export type ProcessRole = z.infer<typeof ProcessRole>

export const MonitorTick = z.object({
  /** Counts every tick this backend sampled; a gap in `at` means nobody was watching then. */
  seq: z.number().int().nonnegative(),
  /** When it was sampled, in milliseconds since 1970. */
  at: z.number(),
  ram: z.object({ totalBytes: z.number(), usedBytes: z.number(), availableBytes: z.number() }),
  /** Share of all cores busy since the previous tick, 0 to 100. */
  cpuPercent: z.number().min(0).max(100),
  /** Resident memory of this app's processes; `rssBytes` is null where the OS does not tell it. */
  app: z.object({
    totalBytes: z.number(),
    processes: z.array(z.object({ role: ProcessRole, pid: z.number().int(), rssBytes: z.number().nullable() }))
  }),
  /** One per GPU, in the order of the hardware probe's `gpus`. */
  gpus: z.array(
    z.object({
      name: z.string(),
      /** Null when no source reports it (and for unified memory, which the RAM figures already cover). */
      usedBytes: z.number().nullable(),
      totalBytes: z.number(),
      unifiedMemory: z.boolean()
    })
  )
})
export type MonitorTick = z.infer<typeof MonitorTick>


export const MonitorHistory = z.object({
  intervalMs: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  /** Oldest first, at most `windowMs` old. */
  ticks: z.array(MonitorTick)
})
export type MonitorHistory = z.infer<typeof MonitorHistory>

export const monitorRequests = {
  /** The last minutes of ticks, so a page opened later shows the past; it does not start sampling. */
  'monitor:history': { args: z.object({}).strict(), result: MonitorHistory }
} as const

export const monitorEvents = {
  /** Sent once a second while at least one listener is subscribed; sampling stops with the last one. */
  'monitor:tick': MonitorTick
} as const
