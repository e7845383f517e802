import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { caseCollisions, caseUnsafeImports, repoFiles } from './case-safety'

const root = path.resolve(import.meta.dirname, '../../..')
const sourceFolders = ['src', 'test', 'bench']

describe('the repository on case-insensitive file systems (macOS, Windows)', () => {
  const files = repoFiles(root)

  it('has no two entries in one folder that differ only in case, or only in case before the extension', () => {
    expect(files).toContain('src/backend/services/hardware/memory.ts')
    expect(caseCollisions(files)).toEqual([])
  })

  it('has every relative import in src, test and bench resolve to the same file whatever the case rules', () => {
    expect(caseUnsafeImports(root, files, sourceFolders)).toEqual([])
  })
})

describe('the case checks themselves, on a small tree with every kind of mistake', () => {
  const tree = mkdtempSync(path.join(tmpdir(), 'case-safety-'))
  afterAll(() => rmSync(tree, { recursive: true, force: true }))
  const write = (file: string, text = ''): void => {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true })
    writeFileSync(path.join(tree, file), text)
  }
  // The pair commit 10bc476 renamed: src/renderer/src/features/chat/markdown.ts beside Markdown.tsx.
  write('src/chat/markdown.ts', 'export const render = 1\n')
  write('src/chat/Markdown.tsx', 'export const Markdown = 1\n')
  write('src/chat/Message.tsx', "import { Markdown } from './Markdown'\nimport { render } from './markdown.js'\n")
  write('src/chat/App.tsx', "import './App.css'\nimport { Message } from './Message'\n")
  write('src/chat/App.css')
  write('src/index.ts', "export * from './chat/App'\nexport { x } from './Util'\nconst later = () => import('./Chat/Message')\nimport data from './data.json'\nimport { y } from './missing'\n")
  write('src/util.ts')
  write('src/data.json', '{}')

  it('lists the tree by walking it where there is no git', () => {
    expect(repoFiles(tree).sort()).toEqual(
      ['src/chat/App.css', 'src/chat/App.tsx', 'src/chat/Markdown.tsx', 'src/chat/Message.tsx', 'src/chat/markdown.ts', 'src/data.json', 'src/index.ts', 'src/util.ts'].sort()
    )
  })

  it('finds the names that collide and leaves one stem with two extensions alone', () => {
    // Two names differing only in case cannot both be written where this test may run (macOS, Windows): listed only.
    expect(caseCollisions([...repoFiles(tree), 'docs/Readme.md', 'docs/README.md']).sort()).toEqual([
      ['docs/README.md', 'docs/Readme.md'],
      ['src/chat/Markdown.tsx', 'src/chat/markdown.ts']
    ])
  })

  it('finds imports that load another file, or none, once case is ignored', () => {
    expect(caseUnsafeImports(tree, repoFiles(tree), ['src'])).toEqual([
      // Exact case finds Markdown.tsx; ignoring case, markdown.ts comes first (.ts before .tsx).
      { file: 'src/chat/Message.tsx', specifier: './Markdown', exact: 'src/chat/Markdown.tsx', ignoringCase: ['src/chat/markdown.ts'] },
      { file: 'src/index.ts', specifier: './Util', exact: null, ignoringCase: ['src/util.ts'] },
      { file: 'src/index.ts', specifier: './Chat/Message', exact: null, ignoringCase: ['src/chat/Message.tsx'] },
      { file: 'src/index.ts', specifier: './missing', exact: null, ignoringCase: [] }
    ])
  })
})
