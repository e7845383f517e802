import { stat, statfs } from 'node:fs/promises'
import { dirname } from 'node:path'
import { formatBytes } from '../../../shared/format'
import { AppError } from '../../../shared/errors'

export interface DiskSpace {
  freeBytes: number
  /** The mount point, the name people know the disk by ("/home", "C:\"). */
  volume: string
}

/** Free space for an unprivileged user on the volume holding `path` (or its nearest existing parent). */
export async function diskSpace(path: string): Promise<DiskSpace> {
  const existing = await nearestExisting(path)
  const info = await statfs(existing)
  return { freeBytes: info.bavail * info.bsize, volume: await mountPoint(existing) }
}

/** Refuses to start what cannot finish: "Not enough disk: 19.3 GB needed, 12.1 GB free on /home". */
export async function ensureDiskSpace(path: string, neededBytes: number): Promise<void> {
  const space = await diskSpace(path)
  if (space.freeBytes < neededBytes) throw notEnoughDisk(neededBytes, space)
}

export function notEnoughDisk(neededBytes: number, space: DiskSpace): AppError {
  return new AppError({
    code: 'disk-full',
    message: `Not enough disk: ${formatBytes(neededBytes)} needed, ${formatBytes(space.freeBytes)} free on ${space.volume}.`,
    hint: 'Free some space (delete a model you no longer use in the Library), or move the models folder to a larger disk.'
  })
}

async function nearestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    if (await stat(current).then(() => true, () => false)) return current
    if (dirname(current) === current) return current
  }
}

async function mountPoint(path: string): Promise<string> {
  const device = (await stat(path)).dev
  let current = path
  while (dirname(current) !== current) {
    const parent = dirname(current)
    const parentDevice = await stat(parent).then((info) => info.dev, () => null)
    if (parentDevice !== device) break
    current = parent
  }
  return current
}
