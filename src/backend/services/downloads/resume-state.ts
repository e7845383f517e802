/**
 * What a half-done download needs to carry on after a restart or a crash: the pinned commit and file list,
 * which parts are finished, and how many bytes of the current part reached the disk itself.
 *
 * The running sha256 cannot be saved (node:crypto cannot export a hash's state), so a resumed part is read
 * once from disk to rebuild it. Disks read far faster than networks deliver, so this costs seconds where
 * fetching the bytes again would cost minutes, and it also proves the bytes on disk are the ones hashed.
 */
import os from 'node:os'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { QuantIdSchema } from '../../../shared/downloads'
import { readJsonFile, writeFileAtomic } from '../../json-file'

export const ResumeState = z.object({
  version: z.literal(1),
  modelId: z.string(),
  quantId: QuantIdSchema,
  repo: z.string(),
  revision: z.string(),
  files: z.array(z.object({ name: z.string(), sizeBytes: z.number().nonnegative(), sha256: z.string() })),
  /** Parts already verified and renamed into place. */
  done: z.array(z.string()),
  /** Bytes of the part being fetched that were fsync'd; the rest may be lost if the machine lost power. */
  durable: z.object({ name: z.string(), bytes: z.number().nonnegative() }).nullable(),
  savedAt: z.string()
})
export type ResumeState = z.infer<typeof ResumeState>

export const itemId = (modelId: string, quantId: string): string => `${modelId}@${quantId}`

export class ResumeStates {
  constructor(private readonly folder: () => string) {}

  path(id: string): string {
    return join(this.folder(), `${id}.json`)
  }

  async save(state: ResumeState): Promise<void> {
    state.savedAt = new Date().toISOString()
    await writeFileAtomic(this.path(itemId(state.modelId, state.quantId)), JSON.stringify(state, null, 2) + '\n')
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true })
  }

  /** Every half-done download in the folder, e.g. left by a crash or by quitting mid-download. */
  async all(): Promise<ResumeState[]> {
    const names = await readdir(this.folder()).catch(() => [] as string[])
    // A crash in the middle of an atomic write leaves its temporary file behind.
    await Promise.all(names.filter((name) => name.endsWith('.tmp')).map((name) => rm(join(this.folder(), name), { force: true })))
    const states: Array<ResumeState | null> = await Promise.all(
      names.filter((name) => name.endsWith('.json')).map((name) => readJsonFile(join(this.folder(), name), ResumeState.nullable(), null))
    )
    return states.filter((state): state is ResumeState => state !== null)
  }
}

/**
 * After a process crash the page cache still holds every byte written, so the whole `.part` is good. After the
 * machine itself restarted, only the fsync'd bytes are trustworthy.
 */
export function trustedLength(state: ResumeState, name: string, lengthOnDisk: number, bootedAt: number = Date.now() - os.uptime() * 1000): number {
  const restartedSinceSave = Date.parse(state.savedAt) < bootedAt
  if (!restartedSinceSave) return lengthOnDisk
  return state.durable?.name === name ? Math.min(lengthOnDisk, state.durable.bytes) : 0
}
