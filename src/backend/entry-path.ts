/** Where a process entry of ours is, from source (tsx) or built (electron-vite's out/main/). */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface ProcessEntry {
  path: string
  execArgv: string[]
}

/**
 * From source, `callerUrl` is a .ts file and the entry is `sourceFile` beside it, run through tsx. In a build the
 * entry is out/main/<builtFile>, while the caller's code sits in out/main/chunks/ or, for an entry, in out/main/.
 */
export function locateEntry(callerUrl: string, sourceFile: string, builtFile: string): ProcessEntry {
  if (callerUrl.endsWith('.ts')) return { path: fileURLToPath(new URL(sourceFile, callerUrl)), execArgv: ['--import', 'tsx'] }
  const candidates = [new URL(`./${builtFile}`, callerUrl), new URL(`../${builtFile}`, callerUrl)].map((url) => fileURLToPath(url))
  const built = candidates.find((path) => existsSync(path))
  if (!built) throw new Error(`${builtFile} is not built (looked for ${candidates.join(', ')}). Run "npm run build".`)
  return { path: built, execArgv: [] }
}
