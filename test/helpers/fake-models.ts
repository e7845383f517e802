/** EXAONE-shaped GGUF files of a few MB, made with the test writer, as a fake Hugging Face repo serves them. */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exaoneModelSpec, writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import type { ExaoneShape } from '../fixtures/gguf/exaone-models'
import { writeGguf } from '../fixtures/gguf/writer'
import type { FakeRepo } from './fake-hf-server'

export const exaoneRepo = 'LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF'
export const exaoneCommit = '8c6d1f0a2b3e4d5f60718293a4b5c6d7e8f90123'

/** About 4.4 MB at Q8_0: big enough to cut a download in the middle, small enough for a fast suite. */
const fewMegabytes: ExaoneShape = {
  layers: 4, embd: 256, heads: 4, kvHeads: 2, headDim: 64, ffn: 1024, vocab: 384, context: 4096,
  tiedEmbeddings: false, ropeFreqBase: 1_000_000, rmsEps: 1e-5
}

export interface FakeExaoneFiles {
  q8: Buffer
  /** A BF16 file cut in two, the way Hugging Face splits large files. */
  bf16Parts: [Buffer, Buffer]
}

export async function makeFakeExaoneFiles(): Promise<FakeExaoneFiles> {
  const folder = await mkdtemp(join(tmpdir(), 'exaone-fake-'))
  try {
    const q8Path = join(folder, 'q8.gguf')
    const bf16Path = join(folder, 'bf16.gguf')
    await writeTinyExaone4(q8Path, { shape: fewMegabytes, weightType: 'Q8_0', name: 'EXAONE 4.0 1.2B' })
    await writeTinyExaone4(bf16Path, { shape: { ...fewMegabytes, layers: 2 }, weightType: 'BF16', name: 'EXAONE 4.0 1.2B', seed: 2 })
    const bf16 = await readFile(bf16Path)
    const half = Math.floor(bf16.length / 2)
    return { q8: await readFile(q8Path), bf16Parts: [bf16.subarray(0, half), bf16.subarray(half)] }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** The EXAONE 4.0 1.2B repo with a Q8_0 file and a BF16 split in two; with `token`, only that token gets in. */
export function fakeExaoneRepo(files: FakeExaoneFiles, token?: string): FakeRepo {
  return {
    repo: exaoneRepo,
    commit: exaoneCommit,
    ...(token && { token }),
    files: [
      { name: 'EXAONE-4.0-1.2B-Q8_0.gguf', data: files.q8 },
      { name: 'EXAONE-4.0-1.2B-BF16-00001-of-00002.gguf', data: files.bf16Parts[0] },
      { name: 'EXAONE-4.0-1.2B-BF16-00002-of-00002.gguf', data: files.bf16Parts[1] }
    ]
  }
}

/** EXAONE Deep 2.4B behind a token, for the "needs a Hugging Face token" error. */
export function fakeGatedDeepRepo(files: FakeExaoneFiles, token: string): FakeRepo {
  return { repo: 'LGAI-EXAONE/EXAONE-Deep-2.4B-GGUF', commit: 'd'.repeat(40), token, files: [{ name: 'EXAONE-Deep-2.4B-Q8_0.gguf', data: files.q8 }] }
}

/**
 * A small Llama-architecture GGUF (the layout EXAONE 3.5 shares, under llama.* keys): a real model of another
 * family, which the library refuses as not EXAONE.
 */
export async function writeFakeLlama(path: string): Promise<void> {
  const spec = exaoneModelSpec('exaone', { architectureOverride: 'llama', name: 'Llama test model' })
  const metadata = Object.fromEntries(Object.entries(spec.metadata).map(([key, value]) => [key.replace(/^exaone\./, 'llama.'), value]))
  await writeGguf(path, { ...spec, metadata })
}
