/** The README's performance table is generated from bench results (bench/table.ts), never typed by hand. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { performanceTable, readResults, tableEnd, tableStart, withTable, type BenchResults } from '../../../bench/table'

const root = path.resolve(import.meta.dirname, '../../..')

const sample: BenchResults = {
  date: '2026-12-01T10:00:00.000Z',
  machine: { cpu: 'Test CPU', threads: 2, node: 'v20.20.2' },
  note: 'Other jobs shared the machine.',
  figures: [
    { benchmark: 'downloads', name: 'downloads.oursMBps', value: 512.345, unit: 'MB/s' },
    { benchmark: 'downloads', name: 'downloads.vsCurlFsync', value: 0.91234, unit: 'x', baseline: 'downloads.curlFsyncMBps' },
    { benchmark: 'odd | names', name: 'a|b', value: 0.000123456, unit: 'ms' }
  ],
  failures: ['chat engine: no model']
}

describe('the bench table generator', () => {
  it('writes one row per figure, three significant digits, pipes escaped, the machine and the failures', () => {
    expect(performanceTable(sample).split('\n')).toEqual([
      'Measured 2026-12-01 on Test CPU (2 threads), Node v20.20.2. Other jobs shared the machine.',
      'Ratios are against the baseline named beside them, measured in the same run.',
      '',
      '| benchmark | figure | value | unit | baseline (same run) |',
      '| --- | --- | ---: | --- | --- |',
      '| downloads | downloads.oursMBps | 512 | MB/s |  |',
      '| downloads | downloads.vsCurlFsync | 0.912 | x | downloads.curlFsyncMBps |',
      '| odd \\| names | a\\|b | 0.000123 | ms |  |',
      '',
      'Did not run to the end:',
      '',
      '- chat engine: no model'
    ])
  })

  it('replaces only what is between the markers, and says so when they are missing', () => {
    const readme = `# Title\n\n${tableStart}\nold table\n${tableEnd}\n\nAfter.\n`
    const once = withTable(readme, 'new table')
    expect(once).toBe(`# Title\n\n${tableStart}\nnew table\n${tableEnd}\n\nAfter.\n`)
    expect(withTable(once, 'new table')).toBe(once)
    expect(() => withTable('# Title\n', 'x')).toThrow(/no "<!-- bench-table:start/)
  })

  it('is what the README shows, generated from the committed bench-results.json', async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
    const resultsFile = path.join(root, 'bench-results.json')
    expect(existsSync(resultsFile), 'bench-results.json is committed so the README table can be checked').toBe(true)
    expect(readme).toBe(withTable(readme, performanceTable(await readResults(resultsFile))))
  })
})
