/** --model: a .gguf path, or an installed model by id with an optional precision ("exaone-4.0-1.2b:Q4_K_M"). */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { LoadRequest } from '../../shared/engine'
import { AppError } from '../../shared/errors'
import { installedModel, parseModelReference } from '../services/library/installed-model'
import { openCliModelFiles } from './model-files-option'

export interface ModelOption {
  /** What the engine loads: the installed model by its ids, or the file by its path. */
  load: LoadRequest
  path: string
}

export async function resolveModelOption(value: string | undefined): Promise<ModelOption> {
  if (!value) {
    throw new AppError({
      code: 'bad-request',
      message: '--model is required.',
      hint: 'Give a .gguf path, or an installed model: --model exaone-4.0-1.2b (or exaone-4.0-1.2b:Q4_K_M). "list" shows what is installed.'
    })
  }
  const path = resolve(value)
  if ((await stat(path).catch(() => null))?.isFile()) return { load: { path }, path }
  if (/[\\/]|\.gguf$/i.test(value)) throw new AppError({ code: 'not-found', message: `No model file at ${path}.`, hint: 'Check the path.' })

  const { modelId, quantId } = parseModelReference(value)
  const { library } = await openCliModelFiles()
  const installed = installedModel((await library.snapshot()).installed, modelId, quantId)
  return { load: { modelId: installed.modelId, quantId: installed.quantId }, path: installed.path }
}
