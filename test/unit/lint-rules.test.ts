/**
 * The import boundaries in eslint.config.js, each shown to refuse a bad import and to let a good one through, so
 * that a resolver that stops resolving or a zone that stops matching fails here instead of passing silently.
 * The files named need not exist (the text is linted as if it were there); the files they import do.
 */
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}/eslint.config.js` })

/** The rules that fire on `code` as if it were the file at `filePath`. */
async function rulesFiring(filePath: string, code: string): Promise<Array<string | null>> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((message) => message.ruleId)
}

const restrictedPath = 'import-x/no-restricted-paths'
const restrictedImport = 'no-restricted-imports'

describe('import boundaries (eslint.config.js)', () => {
  it.each([
    ['the renderer importing the backend', 'src/renderer/src/x.ts', "import { dataPaths } from '../../backend/paths'\nexport { dataPaths }\n", [restrictedPath]],
    ['the renderer importing main', 'src/renderer/src/features/x.tsx', "import { mainWindowOptions } from '../../../main/security'\nexport { mainWindowOptions }\n", [restrictedPath]],
    ['the renderer importing Electron', 'src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'\nexport { ipcRenderer }\n", [restrictedImport]],
    ['the renderer importing Node', 'src/renderer/src/x.ts', "import { readFile } from 'node:fs/promises'\nexport { readFile }\n", [restrictedImport]],
    ['shared importing the backend', 'src/shared/x.ts', "import { dataPaths } from '../backend/paths'\nexport { dataPaths }\n", [restrictedPath]],
    ['shared importing main', 'src/shared/fit/x.ts', "import { mainWindowOptions } from '../../main/security'\nexport { mainWindowOptions }\n", [restrictedPath]],
    ['shared importing Node', 'src/shared/x.ts', "import { join } from 'node:path'\nexport { join }\n", [restrictedImport]],
    ['the backend importing main', 'src/backend/services/x.ts', "import { mainWindowOptions } from '../../main/security'\nexport { mainWindowOptions }\n", [restrictedPath]],
    ['the backend importing Electron', 'src/backend/x.ts', "import { app } from 'electron'\nexport { app }\n", [restrictedImport]],
    ['the preload importing the backend', 'src/preload/x.ts', "import { dataPaths } from '../backend/paths'\nexport { dataPaths }\n", [restrictedPath]],
    ['the preload importing the renderer', 'src/preload/x.ts', "import { translate } from '../renderer/src/i18n/translate'\nexport { translate }\n", [restrictedPath]],
    ['the preload importing a package', 'src/preload/x.ts', "import { z } from 'zod'\nexport { z }\n", [restrictedImport]],
    ['the preload importing Node', 'src/preload/x.ts', "import { readFile } from 'node:fs'\nexport { readFile }\n", [restrictedImport]],
    ['an import cycle (contract.ts imports chats.ts)', 'src/shared/chats.ts', "import { requests } from './contract'\nexport { requests }\n", ['import-x/no-cycle']],
    ['an import cycle between .tsx files (EmptyState.tsx imports Icon.tsx)', 'src/renderer/src/components/Icon.tsx', "import { EmptyState } from './EmptyState'\nexport { EmptyState }\n", ['import-x/no-cycle']]
  ])('refuses %s', async (_name, filePath, code, rules) => {
    expect(await rulesFiring(filePath, code)).toEqual(rules)
  })

  it.each([
    ['the renderer importing shared', 'src/renderer/src/features/x.tsx', "import { formatBytes } from '../../../shared/format'\nexport { formatBytes }\n"],
    ['shared importing shared', 'src/shared/fit/x.ts', "import { formatBytes } from '../format'\nexport { formatBytes }\n"],
    ['the backend importing shared', 'src/backend/x.ts', "import { formatBytes } from '../shared/format'\nexport { formatBytes }\n"],
    ['main importing the backend and Electron', 'src/main/x.ts', "import { app } from 'electron'\nimport { dataPaths } from '../backend/paths'\nexport { app, dataPaths }\n"],
    ['the preload importing Electron and shared', 'src/preload/x.ts', "import { contextBridge } from 'electron'\nimport { ipcChannels } from '../shared/contract'\nexport { contextBridge, ipcChannels }\n"],
    ['an import that closes no cycle', 'src/shared/chats.ts', "import { formatBytes } from './format'\nexport { formatBytes }\n"],
    ['a cycle through type imports only, which vanish at runtime', 'src/shared/chats.ts', "import type { RequestName } from './contract'\nexport type { RequestName }\n"]
  ])('lets through %s', async (_name, filePath, code) => {
    expect(await rulesFiring(filePath, code)).toEqual([])
  })
})
