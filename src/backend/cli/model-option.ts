/** --model: a .gguf path for now; installed model ids resolve through the library. */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../shared/errors'

export async function resolveModelFile(value: string | undefined): Promise<string> {
  if (!value) throw new AppError({ code: 'bad-request', message: '--model is required.', hint: 'Give the path of a .gguf file, e.g. --model ~/models/EXAONE-4.0-1.2B-Q4_K_M.gguf.' })
  const path = resolve(value)
  const found = await stat(path).catch(() => null)
  if (found?.isFile()) return path
  throw new AppError({ code: 'not-found', message: `No model file at ${path}.`, hint: 'Give the path of a .gguf file.' })
}
