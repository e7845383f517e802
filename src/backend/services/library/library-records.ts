/** library.json, kept inside the models folder so the records travel with the files when the folder moves. */
import { join } from 'node:path'
import { z } from 'zod'
import { CustomModel, FileCheck, QuantLabel } from '../../../shared/library'
import { readJsonFile, writeFileAtomic } from '../../json-file'
import type { ModelsFolder } from './models-folder'

export const InstalledRecord = z.object({
  modelId: z.string(),
  quantId: QuantLabel,
  /** An EXAONE file that is not one of LG's own: its name and what its header says (absent for official files). */
  custom: CustomModel.extend({ name: z.string().min(1) }).optional(),
  files: z.array(z.object({ name: z.string(), sizeBytes: z.number().nonnegative(), sha256: z.string() })),
  source: z.enum(['download', 'import']),
  revision: z.string().nullable(),
  /** The sha256 came from Hugging Face (not only computed from the imported file). */
  officialChecksum: z.boolean(),
  installedAt: z.string(),
  lastUsedAt: z.string().nullable(),
  check: FileCheck,
  checkedAt: z.string()
})
export type InstalledRecord = z.infer<typeof InstalledRecord>

const LibraryFile = z.object({ version: z.literal(1), installed: z.array(InstalledRecord) })

export const sameQuant = (a: { modelId: string; quantId: string }, b: { modelId: string; quantId: string }): boolean =>
  a.modelId === b.modelId && a.quantId === b.quantId

export class LibraryRecords {
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly folder: ModelsFolder) {}

  get path(): string {
    return join(this.folder.path, 'library.json')
  }

  async all(): Promise<InstalledRecord[]> {
    return (await readJsonFile(this.path, LibraryFile, { version: 1, installed: [] })).installed
  }

  async find(key: { modelId: string; quantId: string }): Promise<InstalledRecord | undefined> {
    return (await this.all()).find((record) => sameQuant(record, key))
  }

  /** Read, change and write back, one change at a time (the file is re-read: the CLI may have changed it). */
  change(edit: (records: InstalledRecord[]) => InstalledRecord[]): Promise<InstalledRecord[]> {
    const write = this.writes.catch(() => undefined).then(async () => {
      const installed = edit(await this.all())
      await writeFileAtomic(this.path, JSON.stringify({ version: 1, installed }, null, 2) + '\n')
      return installed
    })
    this.writes = write
    return write
  }
}
