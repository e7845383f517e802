import { homedir } from 'node:os'
import path, { join, type PlatformPath } from 'node:path'

export const productName = 'EXAONE Desktop'

/**
 * Where the app keeps models, chats and settings. The same folder Electron's `userData` would be, so the app,
 * the CLI and the browser harness share one library; EXAONE_DESKTOP_HOME overrides it (tests use this).
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  if (env.EXAONE_DESKTOP_HOME) return env.EXAONE_DESKTOP_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), productName)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), productName)
}

export interface DataPaths {
  root: string
  models: string
  chats: string
  settings: string
  windowState: string
  /** Which model licences the person accepted, and when. */
  licences: string
  /** File sizes and sha256 that Hugging Face listed, per repo and revision, for offline use. */
  catalogCache: string
  /** The remote engines the user added, and which engine the chat uses. */
  engines: string
  /** Their API keys, readable by the user only (see services/remote/secret-store.ts). */
  engineKeys: string
  /** The llama.cpp thread counts measured at first loads, per machine and model shape. */
  threadCalibration: string
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    models: join(root, 'models'),
    chats: join(root, 'chats'),
    settings: join(root, 'settings.json'),
    windowState: join(root, 'window-state.json'),
    licences: join(root, 'licences.json'),
    catalogCache: join(root, 'catalog-cache.json'),
    engines: join(root, 'engines.json'),
    engineKeys: join(root, 'engine-keys.json'),
    threadCalibration: join(root, 'thread-calibration.json')
  }
}

/**
 * Whether `target` is `folder` itself or anywhere below it, once `..` is resolved: the one check for "inside".
 * `paths` is the platform's path module, so on Windows `/` and `\` both separate and case does not matter, as on
 * its file systems; a file named `..x` inside still counts as inside, and another drive never does.
 */
export function isWithin(target: string, folder: string, paths: PlatformPath = path): boolean {
  const rest = paths.relative(folder, target)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${paths.sep}`) && !paths.isAbsolute(rest))
}
