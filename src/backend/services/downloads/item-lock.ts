import { open, readFile, rm, writeFile } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'

/**
 * One writer per `.part`: the app and the command line share the models folder, and two processes appending
 * to one file would corrupt it. A lock left by a process that died (a crash, SIGKILL) is taken over.
 */
export async function lockItem(path: string, what: string): Promise<() => Promise<void>> {
  try {
    const file = await open(path, 'wx')
    await file.writeFile(String(process.pid))
    await file.close()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const owner = Number(await readFile(path, 'utf8').catch(() => ''))
    if (owner !== process.pid && isAlive(owner)) {
      throw new AppError({
        code: 'busy',
        message: `${what} is being downloaded by another EXAONE Desktop process (pid ${owner}).`,
        hint: 'Let that one finish, or stop it, then try again here.'
      })
    }
    await writeFile(path, String(process.pid))
  }
  return () => rm(path, { force: true })
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
