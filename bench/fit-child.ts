// Loads a GGUF on the CPU in this process and reports how much resident memory the model and one context added,
// with node-llama-cpp's own estimate beside it. One JSON line on stdout. Run by bench/fit.ts, one child per context.
// Usage: node --import tsx bench/fit-child.ts <model.gguf> --context N --threads N
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { getLlama, LlamaLogLevel } from 'node-llama-cpp'
import { microBatchFor } from '../src/shared/fit/memory'

export interface FitChildReport {
  contextSize: number
  threads: number
  /**
   * The process's own (anonymous) memory added by loading the model, creating the context and evaluating a prompt,
   * in bytes: what the machine must hold. On the CPU llama.cpp copies the weights into its repacked layout there, so
   * the file's pages it read on the way are only page cache, which the kernel may drop (`fileBackedIncreaseBytes`).
   */
  anonIncreaseBytes: number
  /** The mapped file's pages counted in RSS since the load. */
  fileBackedIncreaseBytes: number
  ggufInsightsBytes: number
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { context: { type: 'string' }, threads: { type: 'string' } } })
const modelPath = positionals[0]
if (!modelPath) throw new Error('usage: fit-child.ts <model.gguf> --context N --threads N')
const contextSize = Number(values.context)
const threads = Number(values.threads)

const statusKiB = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024

const llama = await getLlama({ gpu: false, build: 'never', maxThreads: threads, logLevel: LlamaLogLevel.error })
const before = { anon: statusKiB('RssAnon'), file: statusKiB('RssFile') }
const model = await llama.loadModel({ modelPath, gpuLayers: 0 })
// Flash attention on and the CPU's batch, as the fit advisor assumes and the app configures.
const batchSize = microBatchFor(0, contextSize)
const context = await model.createContext({ contextSize, threads, sequences: 1, batchSize, flashAttention: true })
const sequence = context.getSequence()
// A full micro-batch of prompt, then a few tokens: every weight and the compute scratch get touched.
const prompt = model.tokenize('EXAONE '.repeat(2 * batchSize)).slice(0, batchSize)
let generated = 0
for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) if (++generated >= 4) break

const insights = model.fileInsights
const estimate = insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam +
  insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0, batchSize, sequences: 1, flashAttention: true }).cpuRam
const report: FitChildReport = {
  contextSize: context.contextSize,
  threads,
  anonIncreaseBytes: statusKiB('RssAnon') - before.anon,
  fileBackedIncreaseBytes: statusKiB('RssFile') - before.file,
  ggufInsightsBytes: estimate
}
process.stdout.write(`${JSON.stringify(report)}\n`)
// llama.cpp's teardown can hang after heavy use; the report is out, so leave now.
process.exit(0)
