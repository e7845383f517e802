import { readFileSync } from 'node:fs'
import path from 'node:path'
import { validateWorkflow } from '@action-validator/core'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

const root = path.resolve(import.meta.dirname, '../../..')
const source = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8')
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
const builder = JSON.parse(readFileSync(path.join(root, 'electron-builder.json'), 'utf8')) as Record<'linux' | 'win' | 'mac', { target: string[] }>

interface Step {
  name?: string
  if?: string
  uses?: string
  run?: string
  with?: Record<string, string | number>
}
interface Workflow {
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { os: string[] } }; steps: Step[] }>
}

const workflow = parse(source) as Workflow
const job = Object.values(workflow.jobs)[0]!
const runnerOs: Record<string, string> = { 'ubuntu-latest': 'Linux', 'macos-latest': 'macOS', 'windows-latest': 'Windows' }

/** The steps that run on one OS: the workflow's conditions are all `runner.os == 'X'` or `!=`. */
function stepsOn(os: string): Step[] {
  return job.steps.filter((step) => {
    if (!step.if) return true
    const match = /^runner\.os (==|!=) '(\w+)'$/.exec(step.if)
    if (!match) throw new Error(`A condition this test cannot read: ${step.if}`)
    return (match[1] === '==') === (match[2] === os)
  })
}

const errorsOf = (yaml: string): unknown[] => validateWorkflow(yaml).errors

describe('the CI workflow (.github/workflows/ci.yml)', () => {
  it("is valid by GitHub Actions' schema", () => {
    expect(errorsOf(source)).toEqual([])
  })

  it('is checked by a validator that does catch broken workflows', () => {
    const noRunner = parse(source) as Workflow
    delete (noRunner.jobs['test-and-package'] as Partial<Workflow['jobs'][string]>)['runs-on']
    expect(errorsOf(stringify(noRunner))).not.toEqual([])
    expect(errorsOf(source.replace('uses: actions/checkout@v4', 'use: actions/checkout@v4'))).not.toEqual([])
  })

  it('runs on Linux, macOS and Windows, each to the end', () => {
    expect([...job.strategy.matrix.os].sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest'])
    expect(job['runs-on']).toBe('${{ matrix.os }}')
    expect(job).toMatchObject({ strategy: { 'fail-fast': false } })
  })

  it("sets up the Node major that package.json's engines ask for", () => {
    const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))
    const engineMajor = /^>=\s*(\d+)/.exec(packageJson.engines.node)?.[1]
    expect(engineMajor).toBeDefined()
    expect(String(setupNode?.with?.['node-version'])).toBe(engineMajor)
  })

  it.each(Object.entries(runnerOs))('on %s: checks out, npm ci, npm test (under xvfb on Linux), npm run dist, uploads the installers', (matrixOs, os) => {
    const steps = stepsOn(os)
    const index = (test: (step: Step) => boolean): number => steps.findIndex(test)
    const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '')
    const order = [
      index((step) => step.uses?.startsWith('actions/checkout@') ?? false),
      index((step) => step.uses?.startsWith('actions/setup-node@') ?? false),
      index(runs(/^npm ci$/)),
      index(runs(os === 'Linux' ? /^xvfb-run -a npm test$/ : /^npm test$/)),
      index(runs(/^npm run dist\b/)),
      index((step) => step.uses?.startsWith('actions/upload-artifact@') ?? false)
    ]
    expect(order.every((at) => at >= 0), `${matrixOs}: ${JSON.stringify(order)}`).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(steps.filter(runs(/npm test/))).toHaveLength(1)
  })

  it('uploads every installer electron-builder.json makes', () => {
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))
    const paths = String(upload?.with?.path).trim().split('\n')
    const extension: Record<string, string> = { nsis: 'exe' }
    const made = [...builder.linux.target, ...builder.win.target, ...builder.mac.target].map((target) => extension[target] ?? target)
    expect(paths.sort()).toEqual(made.map((ext) => `release/**/*.${ext}`).sort())
    expect(upload?.with?.['if-no-files-found']).toBe('error')
  })
})
