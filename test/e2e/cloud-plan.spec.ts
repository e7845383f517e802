/**
 * "Run it elsewhere" on the Models page, in Chromium on the real backend: for a file too large for any test
 * machine (K-EXAONE, about 145 GB at 4-bit), the plan lists the rented machines that hold it, Copy puts the exact
 * command on the clipboard, and Connect opens Settings (the add-engine form there is the remote engines' own).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveCatalog } from '../../src/shared/catalog/catalog'
import { planCloud } from '../../src/shared/cloud-plan'
import { closedPort } from '../helpers/closed-port'
import { startHarnessProcess, type RunningHarness } from '../helpers/harness-process'
import { expect, openApp, stopHarness, test } from './harness-fixture'

let home: string
let harness: RunningHarness

test.beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'exaone-e2e-cloud-'))
  // Offline, so the catalog is the built-in one the expected plan below is worked out from.
  harness = await startHarnessProcess(home, { HF_ENDPOINT: await closedPort() })
})

test.afterEach(async () => {
  await stopHarness(harness)
  rmSync(home, { recursive: true, force: true })
})

const catalog = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })
const kExaone = catalog.models.find((model) => model.id === 'k-exaone-236b-a23b')!
const expected = planCloud(kExaone, kExaone.quants.find((quant) => quant.id === 'Q4_K_M')!, 8192)

test('a model too large here shows the cloud plan; Copy copies the command, Connect opens Settings', async ({ page, context, consoleErrors }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openApp(page, harness, 'models')
  const card = page.getByRole('article', { name: 'K-EXAONE 236B-A23B' })
  const row = card.getByRole('row').filter({ hasText: 'Q4_K_M' })
  await expect(row.getByText('Too large')).toBeVisible()
  const open = row.getByRole('button', { name: 'Run K-EXAONE 236B-A23B Q4_K_M elsewhere' })
  await expect(open).toHaveAttribute('aria-expanded', 'false')
  await open.click()
  await expect(open).toHaveAttribute('aria-expanded', 'true')

  const plan = card.getByRole('region', { name: 'Run K-EXAONE 236B-A23B Q4_K_M elsewhere' })
  const offers = plan.getByRole('table').getByRole('row')
  // A header row, then one row per fitting offer, cheapest first.
  await expect(offers).toHaveCount(expected.options.length + 1)
  const cheapest = expected.options[0]!
  await expect(offers.nth(1)).toContainText(`${cheapest.gpuCount} × ${cheapest.offer.gpu} ${cheapest.offer.vramGB} GB`)
  await expect(offers.nth(1)).toContainText(`$${cheapest.usdPerHour.toFixed(2)}`)
  await expect(offers.nth(1).getByRole('radio')).toBeChecked()
  await expect(plan.locator('pre')).toHaveText(cheapest.commands[0]!.text)
  await expect(plan).toContainText('The server listens on every address (--host 0.0.0.0)')
  await page.screenshot({ path: test.info().outputPath('cloud-plan-en-light.png'), fullPage: true })

  await plan.getByRole('button', { name: 'Copy the llama.cpp\'s llama-server command' }).click()
  await expect(plan.getByRole('button', { name: 'Copy the llama.cpp\'s llama-server command' })).toHaveText('Copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cheapest.commands[0]!.text)

  // Another machine: its own command (here over more or fewer GPUs), and Copy copies that one.
  const other = expected.options.find((option) => option.gpuCount !== cheapest.gpuCount)!
  await offers.nth(expected.options.indexOf(other) + 1).getByRole('radio').check()
  await expect(plan.locator('pre')).toHaveText(other.commands[0]!.text)
  await expect(plan.getByRole('heading', { level: 5 })).toHaveText(`On ${other.gpuCount} × ${other.offer.gpu} ${other.offer.vramGB} GB at ${other.offer.provider}, run:`)

  await plan.getByRole('button', { name: 'Connect…' }).click()
  await expect(page).toHaveURL(/#\/settings$/)
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  // The add-engine form opens with the plan's name and address in it, the address focused to put the server's name in.
  const address = page.getByRole('textbox', { name: 'Address', exact: true })
  await expect(address).toBeFocused()
  await expect(address).toHaveValue(/^http:\/\/your-server:\d+\/v1$/)
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(`K-EXAONE 236B-A23B · ${other.offer.provider}`)
  expect(consoleErrors).toEqual([])
})

test('the plan is in Korean for a Korean user, and Close folds it away', async ({ page }) => {
  await openApp(page, harness, 'models')
  expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko' }))).toMatchObject({ ok: true })
  const card = page.getByRole('article', { name: 'K-EXAONE 236B-A23B' })
  await card.getByRole('button', { name: 'K-EXAONE 236B-A23B Q4_K_M 다른 곳에서 실행' }).click()
  const plan = card.getByRole('region', { name: 'K-EXAONE 236B-A23B Q4_K_M 다른 곳에서 실행' })
  await expect(plan.getByRole('columnheader', { name: '들어가는 컨텍스트' })).toBeVisible()
  await expect(plan).toContainText('서버가 모든 주소(--host 0.0.0.0)에서 연결을 받으므로')
  await expect(plan.getByRole('button', { name: '연결…' })).toBeVisible()
  await plan.getByRole('button', { name: '닫기' }).click()
  await expect(plan).toHaveCount(0)
})
