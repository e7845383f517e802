/**
 * `npm run bench`: runs every benchmark, prints one table and writes the figures as JSON (bench-results.json, or
 * --out FILE), rewritten after each benchmark so a stopped run keeps what it measured. `--only NAME[,NAME…]` runs
 * the benchmarks whose name contains one of them; `--note TEXT` records what else the machine was doing.
 * `npm run bench:table` then puts the figures in the README (table.ts).
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Figure } from './figure'
import { benchDownloads } from './downloads'
import { benchChatStream } from './chat-stream'
import { benchEngine } from './engine'
import { benchGgufSmoke } from './gguf-smoke'
import { benchHarnessStartup } from './harness-startup'
import { benchFit } from './fit'
import { benchHardware } from './hardware'
import { benchChatList } from './chat-list'
import { benchApiServer } from './api-server'
import { benchRemoteEngine } from './remote-engine'
import { formatValue, type BenchResults } from './table'

const benchmarks: Record<string, () => Promise<Figure[]>> = {
  'harness startup': () => benchHarnessStartup(),
  'gguf smoke': benchGgufSmoke,
  'chat engine': () => benchEngine(),
  'api server': () => benchApiServer(),
  'remote engine': () => benchRemoteEngine(),
  'chat window streaming': benchChatStream,
  'hardware probe': () => benchHardware({ parts: ['probe'] }),
  'hardware monitor': () => benchHardware({ parts: ['monitor'] }),
  'chat list search': () => benchChatList(),
  'fit estimate vs measured': benchFit,
  downloads: benchDownloads
}

const { values } = parseArgs({ options: { out: { type: 'string', default: 'bench-results.json' }, only: { type: 'string' }, note: { type: 'string' } } })

const results: BenchResults['figures'] = []
const failures: string[] = []
const started = new Date().toISOString()
/** After every benchmark, so a run stopped part way keeps what it measured (the later ones listed as not run). */
const save = async (notRun: string[]): Promise<void> => {
  const written: BenchResults = {
    date: started,
    machine: { cpu: os.cpus()[0]?.model, threads: os.availableParallelism(), node: process.version },
    ...(values.note && { note: values.note }),
    figures: results,
    failures: [...failures, ...notRun.map((benchmark) => `${benchmark}: not run yet`)]
  }
  await writeFile(values.out, JSON.stringify(written, null, 2) + '\n')
}
const chosen = Object.entries(benchmarks).filter(([benchmark]) => !values.only || values.only.split(',').some((part) => benchmark.includes(part)))
for (const [position, [benchmark, run]] of chosen.entries()) {
  process.stderr.write(`running ${benchmark}…\n`)
  try {
    for (const figure of await run()) results.push({ benchmark, ...figure })
  } catch (error) {
    failures.push(`${benchmark}: ${error instanceof Error ? error.message : String(error)}`)
  }
  await save(chosen.slice(position + 1).map(([benchmark]) => benchmark))
}

const rows = results.map((figure) => [figure.benchmark, figure.name, formatValue(figure.value), figure.unit, figure.baseline ?? ''])
const header = ['benchmark', 'figure', 'value', 'unit', 'baseline (same run)']
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')
console.log(line(header))
console.log(widths.map((width) => '-'.repeat(width)).join('  '))
for (const row of rows) console.log(line(row))

console.log(`\nWrote ${results.length} figures to ${values.out}`)
if (failures.length > 0) {
  console.error(`Failed:\n  ${failures.join('\n  ')}`)
  process.exitCode = 1
}
