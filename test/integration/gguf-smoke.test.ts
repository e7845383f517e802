// The generated EXAONE GGUF fixtures: they read back with node-llama-cpp, really run in llama.cpp
// (in a child process), real shapes give the real file sizes, and the corrupt variants are corrupt.
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readGgufFileInfo } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EXAONE_3_5_2_4B_SHAPE,
  EXAONE_4_0_1_2B_SHAPE,
  EXAONE_4_0_32B_SHAPE,
  writeCorruptVariants,
  writeTinyExaone,
  writeTinyExaone4,
  removeTinyModels,
  tinyModelPath,
  type CorruptVariants,
  type WrittenModel
} from '../fixtures/gguf/exaone-models'
import { runSmokeChild } from '../fixtures/gguf/run-smoke'
import { EXAONE_SPECIAL_TOKENS } from '../fixtures/gguf/vocab'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gguf-smoke-')) })
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await removeTinyModels()
})

/** Each child process starts node-llama-cpp (about 5 s here); leave room for a loaded machine. */
const CHILD_TEST_TIMEOUT = 120_000

const EXAONE4_BLOCK_TENSORS = [
  'attn_q', 'attn_k', 'attn_v', 'attn_output', 'attn_q_norm', 'attn_k_norm',
  'post_attention_norm', 'post_ffw_norm', 'ffn_gate', 'ffn_up', 'ffn_down'
]
const EXAONE_BLOCK_TENSORS = ['attn_norm', 'attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_norm', 'ffn_gate', 'ffn_up', 'ffn_down']

/** Real figures from docs/exaone.md#files-and-sizes (bytes; HF's decimal GB where no exact size is known). */
const REAL_SIZES = {
  exaone4_1_2B_Q8_0: 1_363_939_616,
  exaone4_1_2B_BF16: 2.56e9,
  exaone4_32B_Q8_0: 34e9,
  exaone3_5_2_4B_Q8_0: 2.84e9,
  exaone3_5_2_4B_BF16: 5.34e9
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    await file.read(buf, 0, bytes, 0)
    return buf
  } finally {
    await file.close()
  }
}

async function expectReadsBack(model: WrittenModel, blockTensors: string[]): Promise<void> {
  const info = await readGgufFileInfo(model.path, { logWarnings: false })
  const { shape } = model
  expect(info.version).toBe(3)
  expect(info.metadata.general.architecture).toBe(model.architecture)
  expect(info.architectureMetadata).toMatchObject({
    block_count: shape.layers,
    embedding_length: shape.embd,
    feed_forward_length: shape.ffn,
    context_length: shape.context,
    attention: { head_count: shape.heads, head_count_kv: shape.kvHeads }
  })
  const tokenizer = info.metadata.tokenizer
  expect(tokenizer?.ggml.model).toBe('gpt2')
  expect(tokenizer?.ggml.pre).toBe(model.architecture)
  expect(tokenizer?.ggml.tokens).toHaveLength(shape.vocab)
  expect(tokenizer?.ggml.eos_token_id).toBe(EXAONE_SPECIAL_TOKENS.endOfTurn.id)
  expect(tokenizer?.ggml.tokens?.[EXAONE_SPECIAL_TOKENS.endOfTurn.id]).toBe('[|endofturn|]')
  expect(tokenizer?.ggml.token_type?.[EXAONE_SPECIAL_TOKENS.endOfTurn.id]).toBe(3)
  expect(tokenizer?.chat_template).toContain('[|assistant|]')

  const names = info.tensorInfo?.map((t) => t.name) ?? []
  const perBlock = Array.from({ length: shape.layers }, (_, i) => blockTensors.map((n) => `blk.${i}.${n}.weight`)).flat()
  const outputs = shape.tiedEmbeddings ? [] : ['output.weight']
  expect(new Set(names)).toEqual(new Set(['token_embd.weight', 'output_norm.weight', ...outputs, ...perBlock]))
  expect(info.tensorInfo?.map((t) => Number(t.offset))).toEqual(model.layout.tensors.map((t) => t.offset))
  expect(model.layout.tensors.every((t) => t.offset % 32 === 0)).toBe(true)
  expect((await stat(model.path)).size).toBe(model.sizeBytes)
}

describe('tiny generated EXAONE models', () => {
  let exaone4: WrittenModel
  let exaone: WrittenModel
  beforeAll(async () => {
    exaone4 = await writeTinyExaone4(join(dir, 'tiny-exaone4.gguf'))
    exaone = await writeTinyExaone(join(dir, 'tiny-exaone.gguf'))
  })

  it('exaone4 reads back with its metadata, vocabulary, template and tensors', async () => {
    await expectReadsBack(exaone4, EXAONE4_BLOCK_TENSORS)
    const info = await readGgufFileInfo(exaone4.path, { logWarnings: false })
    expect(info.metadata.tokenizer?.chat_template).toContain('{%- continue %}')
  })

  it('exaone reads back with its metadata, vocabulary, template and tensors', async () => {
    await expectReadsBack(exaone, EXAONE_BLOCK_TENSORS)
  })

  it('is reproducible from the seed', async () => {
    const again = await writeTinyExaone4(join(dir, 'again.gguf'))
    const other = await writeTinyExaone4(join(dir, 'other.gguf'), { seed: 2 })
    const original = await readFile(exaone4.path)
    expect((await readFile(again.path)).equals(original)).toBe(true)
    expect((await readFile(other.path)).equals(original)).toBe(false)
  })

  it('tinyModelPath writes each kind once per process', async () => {
    const first = await tinyModelPath('exaone4')
    expect(await tinyModelPath('exaone4')).toBe(first)
    expect(await tinyModelPath('exaone')).not.toBe(first)
    expect((await readGgufFileInfo(first, { logWarnings: false })).metadata.general.architecture).toBe('exaone4')
  })

  // One thread: on a 2-core machine a second ggml thread spinning next to Node's main thread makes
  // a model this small 30-100x slower (measured: about 1,200 tok/s on 1 thread, 6-40 on 2).
  it.each([
    ['exaone4', () => exaone4],
    ['exaone', () => exaone]
  ])('the tiny %s model loads in llama.cpp and generates tokens', async (architecture, model) => {
    const result = await runSmokeChild(model().path, { tokens: 16, threads: 1 })
    expect(result.architecture).toBe(architecture)
    expect(result.tokens).toBe(16)
    expect(result.tokensPerSecond).toBeGreaterThan(0)
    expect(result.loadMs).toBeGreaterThan(0)
    expect(result.text.length).toBeGreaterThan(0)
  }, CHILD_TEST_TIMEOUT)
})

describe('real EXAONE shapes, header only (sparse files)', () => {
  it('EXAONE 4.0 32B: readGgufFileInfo reads the header, the file has the real Q8_0 size', async () => {
    const model = await writeTinyExaone4(join(dir, '32b.gguf'), { shape: EXAONE_4_0_32B_SHAPE, weightType: 'Q8_0', sparse: true })
    await expectReadsBack(model, EXAONE4_BLOCK_TENSORS)
    const info = await readGgufFileInfo(model.path, { logWarnings: false })
    const attention = info.architectureMetadata.attention as Record<string, unknown>
    expect(attention.sliding_window).toBe(4096)
    expect(attention.sliding_window_pattern).toEqual(Array.from({ length: 64 }, (_, i) => i % 4 !== 3))
    expect(model.sizeBytes / REAL_SIZES.exaone4_32B_Q8_0).toBeCloseTo(1, 2)
    // Sparse: tens of gigabytes long, almost nothing on disk.
    expect((await stat(model.path)).blocks * 512).toBeLessThan(64 * 1024 * 1024)
    await rm(model.path)
  })

  it.each([
    ['EXAONE 4.0 1.2B Q8_0', 'exaone4', EXAONE_4_0_1_2B_SHAPE, 'Q8_0', REAL_SIZES.exaone4_1_2B_Q8_0, 0.005],
    ['EXAONE 4.0 1.2B BF16', 'exaone4', EXAONE_4_0_1_2B_SHAPE, 'BF16', REAL_SIZES.exaone4_1_2B_BF16, 0.01],
    ['EXAONE 3.5 2.4B Q8_0', 'exaone', EXAONE_3_5_2_4B_SHAPE, 'Q8_0', REAL_SIZES.exaone3_5_2_4B_Q8_0, 0.01],
    ['EXAONE 3.5 2.4B BF16', 'exaone', EXAONE_3_5_2_4B_SHAPE, 'BF16', REAL_SIZES.exaone3_5_2_4B_BF16, 0.01]
  ] as const)('%s comes out at the real file size', async (_name, arch, shape, weightType, realBytes, tolerance) => {
    const write = arch === 'exaone4' ? writeTinyExaone4 : writeTinyExaone
    const model = await write(join(dir, `${arch}-${weightType}.gguf`), { shape, weightType, sparse: true })
    await expectReadsBack(model, arch === 'exaone4' ? EXAONE4_BLOCK_TENSORS : EXAONE_BLOCK_TENSORS)
    expect(Math.abs(model.sizeBytes / realBytes - 1)).toBeLessThan(tolerance)
    await rm(model.path)
  })
})

describe('corrupt variants', () => {
  let variants: CorruptVariants
  beforeAll(async () => { variants = await writeCorruptVariants(dir) })

  it('the non-GGUF file has no GGUF magic', async () => {
    expect((await readHead(variants.notGguf, 4)).toString('latin1')).not.toBe('GGUF')
    await expect(readGgufFileInfo(variants.notGguf)).rejects.toThrow(/magic/i)
  })

  it('the v1 file has GGUF magic and version 1', async () => {
    const head = await readHead(variants.ggufV1, 8)
    expect(head.subarray(0, 4).toString('latin1')).toBe('GGUF')
    expect(head.readUInt32LE(4)).toBe(1)
    await expect(readGgufFileInfo(variants.ggufV1)).rejects.toThrow(/version 1/)
  })

  it('the truncated file has a whole header but fails in llama.cpp', async () => {
    const head = await readHead(variants.truncated, 8)
    expect(head.subarray(0, 4).toString('latin1')).toBe('GGUF')
    expect(head.readUInt32LE(4)).toBe(3)
    // node-llama-cpp reads only the header, so it cannot tell; llama.cpp can.
    const info = await readGgufFileInfo(variants.truncated, { logWarnings: false })
    expect(info.metadata.general.architecture).toBe('exaone4')
    await expect(runSmokeChild(variants.truncated, { tokens: 1, threads: 1 })).rejects.toThrow(/not within the file bounds/)
  }, CHILD_TEST_TIMEOUT)

  it('the unknown-architecture file is valid GGUF that llama.cpp refuses', async () => {
    const info = await readGgufFileInfo(variants.unknownArchitecture, { logWarnings: false })
    expect(info.metadata.general.architecture).toBe('notamodel')
    await expect(runSmokeChild(variants.unknownArchitecture, { tokens: 1, threads: 1 })).rejects.toThrow(/unknown model architecture: 'notamodel'/)
  }, CHILD_TEST_TIMEOUT)
})
