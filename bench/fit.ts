// The fit advisor's memory estimate against what llama.cpp really takes: a generated model with the real
// EXAONE-4.0-1.2B shape (Q8_0, about 1.36 GB in the temp folder) loaded on the CPU in a child process at two
// context sizes, as the app loads it (mapped). Reports the memory the process itself took (RssAnon: on the CPU the
// weights are copied into llama.cpp's repacked layout, and the mapped file's pages read on the way are page cache
// the kernel may drop, reported beside it), the estimate (weights + KV cache + compute) and their ratio (target
// within 15%), and node-llama-cpp 3.21.1's own estimate for comparison. VmRSS would count the weights twice.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { readGgufWeights } from '../src/backend/services/catalog/gguf-weights'
import { resolveCatalog } from '../src/shared/catalog/catalog'
import { evaluateFit } from '../src/shared/fit/advisor'
import { findWhatIfProfile } from '../src/shared/hardware-profiles'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import type { FitChildReport } from './fit-child'
import type { Figure } from './figure'

const contexts = [4096, 16_384]
const child = fileURLToPath(new URL('./fit-child.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../', import.meta.url))
const MB = 1e6

export async function benchFit(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-fit-'))
  try {
    const path = join(dir, 'exaone4-1.2b-shape-q8_0.gguf')
    await writeTinyExaone4(path, { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
    const { weights } = await readGgufWeights(path)
    const model = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null }).models.find((item) => item.id === 'exaone-4.0-1.2b')!
    const quant = model.quants.find((item) => item.id === 'Q8_0')!
    const hardware = findWhatIfProfile('cpu-64gb')!.hardware
    const threads = availableParallelism()
    const figures: Figure[] = []
    for (const contextTokens of contexts) {
      const measured = await runChild(path, contextTokens, threads)
      const { breakdown } = evaluateFit({ model, quant, hardware, contextTokens, weights })
      // The baseline is the process after node-llama-cpp started, so the runtime's own share is left out.
      const estimate = breakdown.weightsBytes + breakdown.kvCacheBytes + breakdown.computeBytes
      const label = `fit: 1.2B-shape Q8_0, CPU, context ${contextTokens}`
      figures.push(
        { name: `${label}: measured own memory increase`, value: measured.anonIncreaseBytes / MB, unit: 'MB' },
        { name: `${label}: mapped file pages (page cache)`, value: measured.fileBackedIncreaseBytes / MB, unit: 'MB' },
        { name: `${label}: fit estimate (weights + KV + compute)`, value: estimate / MB, unit: 'MB' },
        { name: `${label}: fit estimate / measured`, value: estimate / measured.anonIncreaseBytes, unit: 'ratio', baseline: 'target 0.85-1.15' },
        { name: `${label}: GgufInsights estimate / measured`, value: measured.ggufInsightsBytes / measured.anonIncreaseBytes, unit: 'ratio', baseline: 'node-llama-cpp 3.21.1 estimate, for comparison' }
      )
    }
    return figures
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function runChild(modelPath: string, contextSize: number, threads: number): Promise<FitChildReport> {
  try {
    // cwd = the repo root so that `--import tsx` resolves from this project's node_modules.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, modelPath, '--context', String(contextSize), '--threads', String(threads)], {
      cwd: repoRoot,
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024
    })
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as FitChildReport
  } catch (error) {
    throw new Error(`fit bench child failed at context ${contextSize}: ${(error as Error).message}\n${((error as { stderr?: string }).stderr ?? '').slice(-4000)}`, { cause: error })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchFit(), null, 2))
}
