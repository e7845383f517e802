/**
 * The two ways a .gguf reaches the app from the desktop: the native file dialog (main's own, so its answer is
 * trusted) and a file dropped on the window, whose path the renderer reports and main checks before using it.
 */
import { stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron'
import { AppError, toErrorData, type AppErrorData } from '../shared/errors'

export const ggufDialogOptions: OpenDialogOptions = {
  title: 'Import a GGUF model',
  properties: ['openFile'],
  filters: [{ name: 'GGUF models', extensions: ['gguf'] }]
}

/** The file chosen in the system's dialog, or null when it was cancelled. */
export async function pickGgufFile(dialog: Pick<Dialog, 'showOpenDialog'>, window: BrowserWindow | null): Promise<string | null> {
  const result = window ? await dialog.showOpenDialog(window, ggufDialogOptions) : await dialog.showOpenDialog(ggufDialogOptions)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

/**
 * What the renderer says was dropped, checked: an absolute path of a regular file named .gguf. Anything else comes
 * back as the reason, naming only the file's name; the import itself then reads the header.
 */
export async function checkDroppedFile(value: unknown): Promise<{ path: string | null; error: AppErrorData | null }> {
  try {
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0') || !isAbsolute(value)) {
      throw new AppError({ code: 'bad-request', message: 'What was dropped is not a file on this computer.', hint: 'Drop a .gguf file from the file manager, or use Import a file.' })
    }
    if (!/\.gguf$/i.test(value)) {
      throw new AppError({ code: 'bad-model', message: `${basename(value)} is not a .gguf file.`, hint: 'Only GGUF model files can be imported: drop the .gguf file (the first part of a split model).' })
    }
    if (!(await stat(value).catch(() => null))?.isFile()) {
      throw new AppError({ code: 'not-found', message: `${basename(value)} is not a file that can be read.`, hint: 'Drop the file itself, not a folder or a shortcut to it.' })
    }
    return { path: value, error: null }
  } catch (error) {
    return { path: null, error: toErrorData(error) }
  }
}
