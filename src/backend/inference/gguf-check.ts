/**
 * Checks a model file before llama.cpp sees it, so a wrong file gives a clear reason instead of an abort or
 * llama.cpp's bare "Failed to load model".
 */
import { open, stat } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { chatFormatFor, type ChatFormat } from './formats'

export const exaoneArchitectures = ['exaone4', 'exaone', 'exaone-moe'] as const

const hint = 'Download the model again from the Models page, or import an official EXAONE GGUF file.'

/** Reads the magic and version: the 8 bytes that say whether this is a GGUF file llama.cpp can read at all. */
export async function checkGgufHeader(path: string): Promise<{ version: number; sizeBytes: number }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new AppError({
      code: 'not-found',
      message: error.code === 'ENOENT' ? `The model file is missing: ${path}` : `The model file cannot be read: ${error.message}`,
      hint
    })
  })
  if (!info.isFile()) throw new AppError({ code: 'bad-model', message: `${path} is not a file.`, hint })
  const file = await open(path, 'r')
  const header = Buffer.alloc(8)
  try {
    await file.read(header, 0, 8, 0)
  } finally {
    await file.close()
  }
  if (info.size < 8 || header.toString('latin1', 0, 4) !== 'GGUF') {
    throw new AppError({ code: 'bad-model', message: `${basename(path)} is not a GGUF model file (it does not start with "GGUF").`, hint })
  }
  const version = header.readUInt32LE(4)
  if (version < 2 || version > 3) {
    throw new AppError({
      code: 'bad-model',
      message: `${basename(path)} is a GGUF version ${version} file; llama.cpp reads versions 2 and 3.`,
      hint: version < 2 ? 'It comes from an old converter. Get a current file from LG AI Research on Hugging Face.' : hint
    })
  }
  return { version, sizeBytes: info.size }
}

export function checkArchitecture(path: string, architecture: string | undefined): void {
  if (!exaoneArchitectures.includes(architecture as (typeof exaoneArchitectures)[number])) {
    throw new AppError({
      code: 'not-exaone',
      message: `${basename(path)} is a "${architecture ?? 'unknown'}" model, not EXAONE (${exaoneArchitectures.join(', ')}).`,
      hint: 'EXAONE Desktop runs LG AI Research EXAONE models only.'
    })
  }
}

/** What a GGUF header says about its chat format: the fields `chatFormatFor` decides by. */
export interface FormatMetadata {
  general?: { architecture?: string; name?: string }
  tokenizer?: { chat_template?: string }
}

/**
 * The EXAONE prompt format of a GGUF file, from its metadata (node-llama-cpp's `readGgufFileInfo(...).metadata`):
 * what the worker feeds the model and what `prompt-format` prints, read the same way.
 */
export function chatFormatOf(path: string, metadata: FormatMetadata): ChatFormat {
  const architecture = metadata.general?.architecture
  checkArchitecture(path, architecture)
  return chatFormatFor(architecture as string, metadata.tokenizer?.chat_template, metadata.general?.name)
}

/** A file shorter than its own tensor table says has been cut off, usually by an interrupted copy or download. */
export function checkComplete(path: string, sizeBytes: number, expectedBytes: number): void {
  if (sizeBytes < expectedBytes) {
    throw new AppError({
      code: 'bad-model',
      message: `${basename(path)} is incomplete: ${sizeBytes.toLocaleString('en')} of ${expectedBytes.toLocaleString('en')} bytes.`,
      hint
    })
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}
