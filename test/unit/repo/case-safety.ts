/**
 * Case-insensitive file systems (macOS and Windows by default) cannot be had on the Linux machines this is
 * built on, so what would break there is checked from the file list: folders whose entries collide when case
 * is ignored, and relative imports that would load another file (or none) once case is ignored. Every lookup
 * goes through the list, never the disk, so the check means the same on a case-insensitive disk.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** Files a checkout has, as posix paths: git's tracked and not ignored files, or a walk where git is missing. */
export function repoFiles(root: string): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    // A file in the middle of a merge is listed once per side: count it once.
    return [...new Set(listed.split('\0'))].filter((file) => file && existsSync(path.join(root, file)))
  } catch {
    return walk(root, '')
  }
}

const skipped = new Set(['.git', 'node_modules', 'out', 'dist', 'release', 'test-results', 'playwright-report'])

function walk(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : walk(root, file)
    return [file]
  })
}

/**
 * Entries of one folder (files and subfolders) that one name would reach on a case-insensitive system: the
 * same name in another case, or the same name in another case before the extension (markdown.ts and
 * Markdown.tsx: `./Markdown` picks by extension order there, by case here). The same stem with another
 * extension in the same case (App.tsx, App.css) resolves alike everywhere and is fine.
 */
export function caseCollisions(files: string[]): string[][] {
  const folders = new Map<string, Set<string>>()
  for (const file of files) {
    const parts = file.split('/')
    parts.forEach((name, index) => {
      const folder = parts.slice(0, index).join('/')
      if (!folders.has(folder)) folders.set(folder, new Set())
      folders.get(folder)!.add(name)
    })
  }
  const collisions: string[][] = []
  for (const [folder, names] of folders) {
    const byStem = new Map<string, string[]>()
    for (const name of names) {
      const key = stem(name).toLowerCase()
      byStem.set(key, [...(byStem.get(key) ?? []), name])
    }
    for (const group of byStem.values()) {
      const clash = group.some((a) => group.some((b) => a !== b && (a.toLowerCase() === b.toLowerCase() || stem(a) !== stem(b))))
      if (clash) collisions.push(group.sort().map((name) => (folder ? `${folder}/${name}` : name)))
    }
  }
  return collisions
}

const stem = (name: string): string => name.replace(/(?<=.)\.[^.]*$/, '')

export interface UnsafeImport {
  file: string
  specifier: string
  /** What the import loads with exact case (null: nothing) and with case ignored. */
  exact: string | null
  ignoringCase: string[]
}

const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/

/** Relative imports, exports and dynamic imports in the given source folders that a case-insensitive system resolves otherwise. */
export function caseUnsafeImports(root: string, files: string[], folders: string[]): UnsafeImport[] {
  const exact = new Set(files)
  const ignoringCase = new Map<string, string[]>()
  for (const file of files) ignoringCase.set(file.toLowerCase(), [...(ignoringCase.get(file.toLowerCase()) ?? []), file])

  const unsafe: UnsafeImport[] = []
  for (const file of files.filter((file) => sourceFile.test(file) && folders.some((folder) => file.startsWith(`${folder}/`)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true)
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue
      const candidates = resolutionCandidates(path.posix.join(path.posix.dirname(file), specifier.replace(/\?.*$/, '')))
      const hit = candidates.find((candidate) => exact.has(candidate)) ?? null
      const hitIgnoringCase = candidates.map((candidate) => ignoringCase.get(candidate.toLowerCase())).find(Boolean) ?? []
      if (hit === null || hitIgnoringCase.length !== 1 || hitIgnoringCase[0] !== hit) unsafe.push({ file, specifier, exact: hit, ignoringCase: hitIgnoringCase })
    }
  }
  return unsafe
}

const extensions = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.css']

/** Where TypeScript's bundler resolution looks for an import, in its order: as written, `.js` as `.ts`, with an extension, as a folder's index. */
function resolutionCandidates(target: string): string[] {
  const written = /\.[cm]?jsx?$/.test(target) ? [target.replace(/\.([cm]?)js(x?)$/, '.$1ts$2'), target.replace(/\.([cm]?)jsx?$/, '.$1tsx'), target] : [target]
  return [...written, ...extensions.map((extension) => target + extension), ...extensions.map((extension) => `${target}/index${extension}`)]
}
