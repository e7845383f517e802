// Header-based weights (GGUF, tensor by tensor) against the catalog's estimate, on generated models with the real
// shapes of EXAONE 4.0 1.2B and 32B (header-only sparse files: no weights on disk), read from disk and over HTTP
// range requests; and the memory formula against node-llama-cpp's own estimate.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { GgufInsights, readGgufFileInfo } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGgufWeights } from '../../src/backend/services/catalog/gguf-weights'
import { resolveCatalog } from '../../src/shared/catalog/catalog'
import type { QuantId } from '../../src/shared/catalog/quantisations'
import { evaluateFit } from '../../src/shared/fit/advisor'
import { computeBufferBytes, defaultContextOptions, kvCacheBytesPerLayer, totalWeightBytes, weightsFromCatalog } from '../../src/shared/fit/memory'
import { findWhatIfProfile } from '../../src/shared/hardware-profiles'
import { EXAONE_4_0_1_2B_SHAPE, EXAONE_4_0_32B_SHAPE, writeTinyExaone4 } from '../fixtures/gguf/exaone-models'
import type { TensorType } from '../fixtures/gguf/writer'

const catalog = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })
const generated = [
  { name: '1.2B Q8_0', modelId: 'exaone-4.0-1.2b', quant: 'Q8_0', shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' },
  { name: '1.2B F16', modelId: 'exaone-4.0-1.2b', quant: 'BF16', shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'F16' },
  { name: '32B Q8_0', modelId: 'exaone-4.0-32b', quant: 'Q8_0', shape: EXAONE_4_0_32B_SHAPE, weightType: 'Q8_0' },
  { name: '32B BF16', modelId: 'exaone-4.0-32b', quant: 'BF16', shape: EXAONE_4_0_32B_SHAPE, weightType: 'BF16' }
] as const satisfies ReadonlyArray<{ name: string; modelId: string; quant: QuantId; shape: object; weightType: TensorType }>

let dir: string
const paths = new Map<string, string>()
let server: Server
let baseUrl: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exaone-fit-gguf-'))
  for (const item of generated) {
    const path = join(dir, `${item.name.replace(/\W+/g, '-')}.gguf`)
    await writeTinyExaone4(path, { shape: item.shape, weightType: item.weightType, sparse: true })
    paths.set(item.name, path)
  }
  // Serves the files with byte ranges, as Hugging Face's CDN does.
  server = createServer((request, response) => {
    const path = join(dir, basename(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)))
    void stat(path).then(
      ({ size }) => {
        const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '')
        const start = range ? Number(range[1]) : 0
        const end = Math.min(size - 1, range?.[2] ? Number(range[2]) : size - 1)
        response.writeHead(range ? 206 : 200, { 'content-length': end - start + 1, 'accept-ranges': 'bytes', ...(range && { 'content-range': `bytes ${start}-${end}/${size}` }) })
        createReadStream(path, { start, end }).pipe(response)
      },
      () => response.writeHead(404).end()
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 120_000)

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

describe('weights from a GGUF header', () => {
  it.each(generated)('agree with the catalog within 10% for the $name shape', async ({ name, modelId, quant: quantId }) => {
    const model = catalog.models.find((item) => item.id === modelId)!
    const quant = model.quants.find((item) => item.id === quantId)!
    const { weights, architecture } = await readGgufWeights(paths.get(name)!)
    expect(architecture).toBe('exaone4')
    expect(weights.layerBytes).toHaveLength(model.architecture.layers)
    expect(weights.outputSharesInput).toBe(model.architecture.tiedEmbeddings)

    const fromCatalog = weightsFromCatalog(model, quant)
    const ratios = {
      weights: totalWeightBytes(weights) / totalWeightBytes(fromCatalog),
      layer: (weights.layerBytes[0] ?? 0) / (fromCatalog.layerBytes[0] ?? 1),
      input: weights.inputBytes / fromCatalog.inputBytes
    }
    const memory: Record<string, number> = {}
    for (const [label, profileId, context] of [['gpu 8K', 'h100-80gb', 8192], ['cpu 32K', 'cpu-64gb', 32_768]] as const) {
      const hardware = findWhatIfProfile(profileId)!.hardware
      const header = evaluateFit({ model, quant, hardware, contextTokens: context, weights })
      const estimate = evaluateFit({ model, quant, hardware, contextTokens: context })
      memory[label] = (header.vramBytes + header.ramBytes) / (estimate.vramBytes + estimate.ramBytes)
      expect(header.verdict, `${name} ${label}`).toBe(estimate.verdict)
    }
    console.log(`header / catalog, ${name}:`, JSON.stringify({ ...ratios, memory }, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(4)) : value)))
    for (const ratio of [ratios.weights, ratios.layer, ...Object.values(memory)]) expect(Math.abs(ratio - 1)).toBeLessThan(0.1)
  })

  it('reads the same weights from a URL by range requests as from the file', async () => {
    const local = await readGgufWeights(paths.get('32B Q8_0')!)
    const remote = await readGgufWeights(`${baseUrl}/${basename(paths.get('32B Q8_0')!)}`)
    expect(remote).toEqual(local)
  })

  it('says which file it could not read', async () => {
    await expect(readGgufWeights(join(dir, 'missing.gguf'))).rejects.toThrow(/Could not read the GGUF header of .*missing\.gguf/)
  })
})

describe('the context formula against node-llama-cpp 3.21.1', () => {
  it('reports the ratio of GgufInsights\' CPU context estimate to the formula (KV cache + compute)', async () => {
    const model = catalog.models.find((item) => item.id === 'exaone-4.0-1.2b')!
    const insights = await GgufInsights.from(await readGgufFileInfo(paths.get('1.2B F16')!, { logWarnings: false }))
    const rows = [4096, 16_384].map((contextSize) => {
      const options = { ...defaultContextOptions, contextTokens: contextSize }
      const formula = kvCacheBytesPerLayer(model.architecture, options).reduce((a, b) => a + b, 0) + computeBufferBytes(model.architecture, options, 'cpu', true)
      const theirs = insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0, batchSize: 512, sequences: 1, flashAttention: true }).cpuRam
      return { contextSize, formulaMB: Math.round(formula / 1e6), ggufInsightsMB: Math.round(theirs / 1e6), ratio: Number((theirs / formula).toFixed(2)) }
    })
    console.log('GgufInsights / formula, 1.2B shape on CPU:', JSON.stringify(rows))
    // Not a target, a record: exaone.md measured their estimate at about twice the real figure.
    for (const row of rows) expect(row.ratio).toBeGreaterThan(0.5)
    const modelEstimate = insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam
    const { weights } = await readGgufWeights(paths.get('1.2B F16')!)
    console.log('GgufInsights model RAM / header weights:', (modelEstimate / totalWeightBytes(weights)).toFixed(3))
  })
})
