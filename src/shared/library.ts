/** The models folder: installed quantisations, their checks, and where the folder lives. */
import { z } from 'zod'
import type { Architecture } from './catalog/architecture'
import type { AppErrorData } from './errors'
import type { WeightsSplit } from './fit/memory'

/**
 * verified: the bytes match Hugging Face's sha256 · unverified: imported, no official checksum to compare with
 * (the bytes still match what was imported) · mismatch: the bytes changed on disk · missing: a file is gone.
 */
export const FileCheck = z.enum(['verified', 'unverified', 'mismatch', 'missing'])
export type FileCheck = z.infer<typeof FileCheck>

/**
 * The precision an installed file is stored in, as the library, the engine and model names write it: one of LG's
 * six (QuantId) for an official file, what the header says for a custom one ("Q3_K_M", "IQ2_XXS", "F16").
 */
export const QuantLabel = z.string().regex(/^[A-Za-z0-9_.+]{1,40}$/, 'A precision is letters, digits and _ . + (such as Q4_K_M).')

/** Model ids of imported EXAONE files that are not LG's own: "custom:<slug of their name>". */
export const customPrefix = 'custom:'

/**
 * What a custom file's header says about its memory, so the fit advisor judges it like a catalog model: the
 * architecture numbers, the parameter count and the weights tensor by tensor. Official files have their catalog entry.
 */
export const CustomModel = z.object({
  llamaArchitecture: z.enum(['exaone4', 'exaone', 'exaone-moe']),
  architecture: z.object({
    layers: z.number().int().positive(),
    dModel: z.number().int().positive(),
    heads: z.number().int().positive(),
    kvHeads: z.number().int().positive(),
    headDim: z.number().int().positive(),
    feedForward: z.number().int().positive().nullable(),
    vocab: z.number().int().nonnegative(),
    trainedContext: z.number().int().positive(),
    tiedEmbeddings: z.boolean(),
    slidingWindow: z.object({ size: z.number().int().positive(), pattern: z.string().regex(/^[LG]+$/) }).nullable()
  }) satisfies z.ZodType<Architecture>,
  parameters: z.object({ total: z.number().nonnegative(), active: z.number().nonnegative() }),
  weights: z.object({
    inputBytes: z.number().nonnegative(),
    outputBytes: z.number().nonnegative(),
    outputSharesInput: z.boolean(),
    layerBytes: z.array(z.number().nonnegative())
  }) satisfies z.ZodType<WeightsSplit>
})
export type CustomModel = z.infer<typeof CustomModel>

export const InstalledQuant = z.object({
  modelId: z.string(),
  /** The catalog's name; for a custom file, general.name from its header, else its file name. */
  modelName: z.string(),
  quantId: QuantLabel,
  /** Null for LG's own files (the catalog describes them); the header's figures for a custom one. */
  custom: CustomModel.nullable(),
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

const modelAndQuant = z.object({ modelId: z.string().min(1).max(200), quantId: QuantLabel }).strict()

export const libraryRequests = {
  'library:list': { args: z.object({}).strict(), result: LibrarySnapshot },
  'library:delete': { args: modelAndQuant, result: LibrarySnapshot },
  /** Opens the system file manager at the file where there is one; `shown: false` means show `path` instead. */
  'library:show': { args: modelAndQuant, result: z.object({ path: z.string(), shown: z.boolean() }) },
  /** The app's own file dialog for a .gguf (Electron only: AppInfo.fileDialog says whether there is one); null when cancelled. */
  'library:pick-file': { args: z.object({}).strict(), result: z.object({ path: z.string().nullable() }) },
  /** Copies (or moves) a local .gguf into the models folder after checking what model it is. */
  'library:import': { args: z.object({ path: z.string().min(1), move: z.boolean().optional() }).strict(), result: InstalledQuant },
  /**
   * Stops the imports running now: each rejects with `cancelled`, and what it had put in the models folder goes
   * back (copies deleted, moved files returned). `stopped` is how many there were.
   */
  'library:cancel-import': { args: z.object({}).strict(), result: z.object({ stopped: z.number().int().min(0) }) },
  /** Re-reads installed files and compares them with their recorded sha256; all of them without arguments. */
  'library:verify': { args: modelAndQuant.partial().strict(), result: z.array(InstalledQuant) },
  'library:move': { args: z.object({ folder: z.string().min(1) }).strict(), result: LibrarySnapshot }
} as const

/**
 * How far an import or a move of the models folder to another volume has got, file by file (`part` from 1 of
 * `parts`: an import's parts, or the folder's files; `source` that file): `checking` hashes a file (to compare with
 * Hugging Face's sha256, or to record it), `copying` writes the copy, `verifying` reads the copy back. `doneBytes`
 * of `totalBytes`, this file's size.
 */
export const LibraryProgress = z.object({
  task: z.enum(['import', 'move']),
  source: z.string(),
  step: z.enum(['checking', 'copying', 'verifying']),
  part: z.number().int().positive(),
  parts: z.number().int().positive(),
  doneBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative()
})
export type LibraryProgress = z.infer<typeof LibraryProgress>

export const libraryEvents = {
  'library:changed': LibrarySnapshot,
  /** An import's or a move's progress, a few times a second while it reads or writes (its call answers when it is done). */
  'library:progress': LibraryProgress,
  /**
   * A file dropped on the app's window (Electron): its path once main has checked that it is a .gguf file, or why
   * it is not one. The window offers to import it.
   */
  'library:dropped': z.object({ path: z.string().nullable(), error: z.custom<AppErrorData>().nullable() })
} as const
