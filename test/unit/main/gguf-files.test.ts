/** The native file dialog (with a fake Electron dialog: no Electron binary here) and the check of a dropped path, on real files. */
import { mkdtempSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDroppedFile, ggufDialogOptions, pickGgufFile } from '../../../src/main/gguf-files'

// Made before the cases below are listed, which name paths in it.
const folder = mkdtempSync(join(tmpdir(), 'exaone-gguf-files-'))
beforeAll(async () => {
  await writeFile(join(folder, 'Model.GGUF'), 'GGUF')
  await mkdir(join(folder, 'folder.gguf'))
})
afterAll(() => rm(folder, { recursive: true, force: true }))

/** A fake dialog that answers as the user would and records how it was asked. */
function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const asked: unknown[][] = []
  const dialog = { showOpenDialog: async (...args: unknown[]) => (asked.push(args), answer) } as unknown as Pick<Dialog, 'showOpenDialog'>
  return { dialog, asked }
}

describe('the native file dialog (fake Electron dialog)', () => {
  it('asks for one .gguf file over the window, and gives its path or null when cancelled', async () => {
    const window = { id: 1 } as unknown as BrowserWindow
    const chosen = fakeDialog({ canceled: false, filePaths: ['/models/a.gguf'] })
    expect(await pickGgufFile(chosen.dialog, window)).toBe('/models/a.gguf')
    expect(chosen.asked).toEqual([[window, ggufDialogOptions]])
    expect((chosen.asked[0]?.[1] as OpenDialogOptions).filters).toEqual([{ name: 'GGUF models', extensions: ['gguf'] }])
    const cancelled = fakeDialog({ canceled: true, filePaths: [] })
    expect(await pickGgufFile(cancelled.dialog, null)).toBeNull()
    expect(cancelled.asked).toEqual([[ggufDialogOptions]])
  })
})

describe('a dropped file', () => {
  it('passes as an absolute path of a regular .gguf file, in any case', async () => {
    expect(await checkDroppedFile(join(folder, 'Model.GGUF'))).toEqual({ path: join(folder, 'Model.GGUF'), error: null })
  })

  it.each([
    ['not a string', 42, 'bad-request'],
    ['an empty path', '', 'bad-request'],
    ['a relative path', 'model.gguf', 'bad-request'],
    ['a NUL byte', `${folder}/a\0.gguf`, 'bad-request'],
    ['another kind of file', join(folder, 'notes.txt'), 'bad-model'],
    ['a missing file', join(folder, 'gone.gguf'), 'not-found'],
    ['a folder', join(folder, 'folder.gguf'), 'not-found']
  ])('is refused when it is %s, with the reason', async (_case, value, code) => {
    const { path, error } = await checkDroppedFile(value)
    expect(path).toBeNull()
    expect(error).toMatchObject({ code, hint: expect.any(String) })
  })
})
