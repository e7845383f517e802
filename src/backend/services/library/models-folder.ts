import { isAbsolute, join, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'

/** What a file being downloaded or copied in is called until it is verified and renamed: its name and this. */
export const partSuffix = '.part'

/**
 * The folder GGUF files live in. Every file name that comes from outside (a Hugging Face listing, a request
 * from the window, an imported file) reaches the disk through `file`, which refuses anything that could escape it.
 */
export class ModelsFolder {
  private folder: string

  constructor(folder: string) {
    this.folder = resolve(folder)
  }

  get path(): string {
    return this.folder
  }

  /** After the library moved every file to `folder`. */
  moveTo(folder: string): void {
    this.folder = resolve(folder)
  }

  /** The path of a plain file name inside the folder; `..`, absolute paths and path separators are refused. */
  file(name: string): string {
    if (!isPlainFileName(name)) {
      throw new AppError({
        code: 'bad-request',
        message: `"${name}" is not a plain file name, so it could land outside the models folder. Refused.`
      })
    }
    return join(this.folder, name)
  }

  /** Where a download of `name` grows until it is verified and renamed to `file(name)`. */
  part(name: string): string {
    return this.file(name) + partSuffix
  }

  /** Half-done downloads keep their resume state here, beside their `.part` files. */
  get downloadsFolder(): string {
    return join(this.folder, '.downloads')
  }
}

export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\0]/.test(name) &&
    !/^[a-zA-Z]:/.test(name) &&
    !isAbsolute(name)
  )
}
