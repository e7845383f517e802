/** The models folder: installed quantisations, their checks, and where the folder lives. */
import { z } from 'zod'
import { QuantIdSchema } from './downloads'

/**
 * verified: the bytes match Hugging Face's sha256 · unverified: imported, no official checksum to compare with
 * (the bytes still match what was imported) · mismatch: the bytes changed on disk · missing: a file is gone.
 */
export const FileCheck = z.enum(['verified', 'unverified', 'mismatch', 'missing'])
export type FileCheck = z.infer<typeof FileCheck>

export const InstalledQuant = z.object({
  modelId: z.string(),
  modelName: z.string(),
  quantId: QuantIdSchema,
  /** Part 1 first: the file llama.cpp is given. */
  files: z.array(z.object({ name: z.string(), sizeBytes: z.number().nonnegative(), sha256: z.string() })),
  sizeBytes: z.number().nonnegative(),
  /** Full path of part 1. */
  path: z.string(),
  source: z.enum(['download', 'import']),
  /** The Hugging Face commit it was downloaded from; null for imports. */
  revision: z.string().nullable(),
  installedAt: z.string(),
  lastUsedAt: z.string().nullable(),
  check: FileCheck,
  checkedAt: z.string()
})
export type InstalledQuant = z.infer<typeof InstalledQuant>

/** An installed model's name as the CLI, the model picker and the API server write it: "exaone-4.0-1.2b:Q4_K_M". */
export function modelReference(key: { modelId: string; quantId: string }): string {
  return `${key.modelId}:${key.quantId}`
}

export const LibrarySnapshot = z.object({
  folder: z.string(),
  installed: z.array(InstalledQuant),
  installedBytes: z.number().nonnegative(),
  /** Half-done downloads in the folder. */
  partialBytes: z.number().nonnegative(),
  freeBytes: z.number().nonnegative().nullable(),
  /** The mount point the folder is on, for "12.1 GB free on /home". */
  volume: z.string().nullable()
})
export type LibrarySnapshot = z.infer<typeof LibrarySnapshot>

const modelAndQuant = z.object({ modelId: z.string().min(1), quantId: QuantIdSchema }).strict()

export const libraryRequests = {
  'library:list': { args: z.object({}).strict(), result: LibrarySnapshot },
  'library:delete': { args: modelAndQuant, result: LibrarySnapshot },
  /** Opens the system file manager at the file where there is one; `shown: false` means show `path` instead. */
  'library:show': { args: modelAndQuant, result: z.object({ path: z.string(), shown: z.boolean() }) },
  /** Copies (or moves) a local .gguf into the models folder after checking what model it is. */
  'library:import': { args: z.object({ path: z.string().min(1), move: z.boolean().optional() }).strict(), result: InstalledQuant },
  /** Re-reads installed files and compares them with their recorded sha256; all of them without arguments. */
  'library:verify': { args: modelAndQuant.partial().strict(), result: z.array(InstalledQuant) },
  'library:move': { args: z.object({ folder: z.string().min(1) }).strict(), result: LibrarySnapshot }
} as const

export const libraryEvents = {
  'library:changed': LibrarySnapshot
} as const
