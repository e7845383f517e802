/**
 * Proves the e2e tests own their state: writes a copy of test/e2e with the spec files, the describes and the
 * tests in another order (reversed, or shuffled by a seed), for one Playwright worker to run in that order.
 *
 *   npx tsx test/helpers/reorder-e2e.ts --reverse        # or --seed 1234 (TEST_SEED, else random)
 *   npx playwright test -c test/.scratch-e2e-order/playwright.config.ts
 *
 * Only `test(...)` and `test.describe(...)` statements move, each within its own block; hooks, helpers and
 * imports stay where they are. The copy lives in a git-ignored folder beside test/e2e, so its imports resolve.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import ts from 'typescript'
import { seededRandom, testSeed } from './seeded-random'

const source = 'test/e2e'
const target = 'test/.scratch-e2e-order'

const { values } = parseArgs({ options: { reverse: { type: 'boolean', default: false }, seed: { type: 'string' } } })
const random = seededRandom(values.seed !== undefined ? testSeed({ TEST_SEED: values.seed }) : testSeed())
const order = <T>(items: T[]): T[] => {
  if (values.reverse) return [...items].reverse()
  const shuffled = [...items]
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = random.int(0, index)
    ;[shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T]
  }
  return shuffled
}

/** `test(...)`, `test.describe(...)` and the like, but not hooks such as `test.beforeAll(...)`. */
function isTestStatement(statement: ts.Statement): statement is ts.ExpressionStatement & { expression: ts.CallExpression } {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return false
  const callee = statement.expression.expression
  if (ts.isIdentifier(callee)) return callee.text === 'test'
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'test' && callee.name.text.startsWith('describe')
}

const titles: string[] = []

/** The text of `statements` from `start` to `end`, with their test statements in the new order. */
function reorder(file: ts.SourceFile, statements: readonly ts.Statement[], start: number, end: number, depth: number): string {
  const slots = statements.filter(isTestStatement)
  const moved = order(slots)
  let text = ''
  let at = start
  for (const statement of statements) {
    text += file.text.slice(at, statement.getStart(file))
    const slot = slots.indexOf(statement as ts.ExpressionStatement & { expression: ts.CallExpression })
    text += slot === -1 ? statement.getText(file) : render(file, moved[slot]!, depth)
    at = statement.getEnd()
  }
  return text + file.text.slice(at, end)
}

/** A test statement's text; a describe's body is reordered in turn. */
function render(file: ts.SourceFile, statement: ts.ExpressionStatement & { expression: ts.CallExpression }, depth: number): string {
  const [title, body] = statement.expression.arguments
  titles.push(`${'  '.repeat(depth)}${title && ts.isStringLiteral(title) ? title.text : '?'}`)
  const callback = body && (ts.isArrowFunction(body) || ts.isFunctionExpression(body)) ? body : null
  const isDescribe = ts.isPropertyAccessExpression(statement.expression.expression)
  if (!isDescribe || !callback || !ts.isBlock(callback.body)) return statement.getText(file)
  const block = callback.body
  return (
    file.text.slice(statement.getStart(file), block.statements.pos) +
    reorder(file, block.statements, block.statements.pos, block.statements.end, depth + 1) +
    file.text.slice(block.statements.end, statement.getEnd())
  )
}

rmSync(target, { recursive: true, force: true })
mkdirSync(target, { recursive: true })
const specs = order(readdirSync(source).filter((name) => name.endsWith('.spec.ts')).sort())
specs.forEach((name, index) => {
  titles.push(`${name}:`)
  const file = ts.createSourceFile(name, readFileSync(join(source, name), 'utf8'), ts.ScriptTarget.Latest, true)
  // A number in front: Playwright runs the files of one worker in the order of their names.
  writeFileSync(join(target, `${String(index).padStart(2, '0')}-${name}`), reorder(file, file.statements, 0, file.text.length, 1))
})
for (const name of readdirSync(source).filter((name) => !name.endsWith('.spec.ts'))) copyFileSync(join(source, name), join(target, name))
writeFileSync(
  join(target, 'playwright.config.ts'),
  `import base from '../../playwright.config'\n` +
    `export default { ...base, reporter: [['list']], outputDir: 'test-results', projects: [{ ...base.projects![0], testDir: '.' }] }\n`
)
console.log(`${values.reverse ? 'Reversed' : `Shuffled with TEST_SEED=${random.seed}`} into ${target}:\n${titles.join('\n')}`)
console.log(`Run: npx playwright test -c ${target}/playwright.config.ts`)
