/**
 * Remote engines in Chromium on the real backend: Settings > Remote engines adds one after testing it, the chat's
 * picker offers its models, and an answer from it survives the server dying mid-answer. The remote is the app's
 * own API server in another process (test/helpers/serve-remote-api.ts) serving a generated tiny EXAONE 4.0 on
 * 127.0.0.1; killing that process is a real dropped connection.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { runCli } from '../helpers/cli'
import { closedPort } from '../helpers/closed-port'
import { startFakeOpenAI, streamChunks, vllmModels, type FakeOpenAI } from '../helpers/fake-openai-server'
import { stopProcess } from '../helpers/harness-process'
import { startRemoteApiProcess, type RunningRemoteApi } from '../helpers/remote-api-process'
import { chooseScriptedEngine, expect, openApp, test } from './harness-fixture'

const servedModel = 'exaone-4.0-1.2b:Q4_K_M'
let folder: string
let remote: RunningRemoteApi

/** The tests that talk to a server get one of their own, started before and stopped after each. */
function withRemote(): void {
  test.beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'exaone-e2e-remote-'))
    remote = await startRemoteApiProcess(folder)
  })
  test.afterEach(async () => {
    await stopProcess(remote.process)
    rmSync(folder, { recursive: true, force: true })
  })
}

const section = (page: Page): Locator => page.locator('#remote-engines')

async function openAddForm(page: Page, add: string, title: string): Promise<Locator> {
  await section(page).getByRole('button', { name: add }).click()
  return section(page).getByRole('form', { name: title })
}

/** An OpenAI-style server of the backend helpers' (scripted answers), closed after `run` whatever happens. */
async function withFakeOpenAI(run: (server: FakeOpenAI) => Promise<void>): Promise<void> {
  const server = await startFakeOpenAI()
  try {
    await run(server)
  } finally {
    await server.close()
  }
}

const answers = (page: Page): Locator => page.locator('article.message--assistant')

/** Sets the open chat's answer length (greedy, seed 7, so the tiny model's answers are repeatable). */
async function answerLength(page: Page, maxTokens: number): Promise<void> {
  await page.getByRole('button', { name: 'Chat settings' }).click()
  for (const [label, value] of [['Max answer tokens', maxTokens], ['Seed', 7], ['Temperature', 0]] as const) {
    await page.getByLabel(label).fill(String(value))
    await page.getByLabel(label).blur()
  }
  await page.getByRole('button', { name: 'Close settings' }).click()
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.fill(text)
  await box.press('Enter')
}

test.describe('with a remote engine running', () => {
  withRemote()

  test('Settings > Remote engines: Test shows the models, the add tests and saves, the key never comes back, Edit removes it, Remove asks first', async ({ page, harness, consoleErrors }) => {
    await openApp(page, harness, 'settings')
    await expect(section(page).getByText('No remote engine yet')).toBeVisible()
    const form = await openAddForm(page, 'Add an engine', 'Add a remote engine')
    await form.getByLabel('Name').fill('GPU box')
    await form.getByLabel('Address').fill(remote.url)
    await form.getByRole('button', { name: 'Test', exact: true }).click()
    const found = form.getByRole('status')
    await expect(found).toContainText(/Reached in \d+ ms\. Models offered: 1\./)
    await expect(found).toContainText(`${servedModel} (4,096 tokens)`)
    // Nothing is saved by a test.
    expect(await page.evaluate(() => window.exaone?.invoke('engines:list', {}))).toMatchObject({ ok: true, value: { engines: [] } })

    const key = 'sk-e2e-never-shown-again'
    await form.getByLabel('API key').fill(key)
    await form.getByRole('button', { name: 'Test and add' }).click()
    await expect(form).toHaveCount(0)
    const row = section(page).getByRole('listitem', { name: 'GPU box' })
    await expect(row).toContainText(remote.url)
    await expect(row).toContainText(`${servedModel} (4,096 tokens)`)
    await expect(row).toContainText('Saved (never shown)')
    await expect(row).not.toContainText('Not yet')
    await row.getByRole('button', { name: 'Test' }).click()
    await expect(row.getByRole('status')).toContainText(/Reached in \d+ ms\. Models offered: 1\./)

    await row.getByRole('button', { name: 'Edit' }).click()
    const edit = row.getByRole('form', { name: 'Edit GPU box' })
    await expect(edit.getByLabel('API key')).toHaveValue('')
    await expect(edit.getByLabel('API key')).toHaveAttribute('placeholder', /A key is saved/)
    expect(await page.content()).not.toContain(key)
    await edit.getByRole('button', { name: 'Remove the saved key' }).click()
    await expect(edit.getByText('The saved key was removed.')).toBeVisible()
    await expect(row).toContainText(/API key\s*None/)
    await edit.getByLabel('Name').fill('Big GPU box')
    await edit.getByRole('button', { name: 'Test and save' }).click()
    const renamed = section(page).getByRole('listitem', { name: 'Big GPU box' })
    await expect(renamed.getByRole('form')).toHaveCount(0)

    await renamed.getByRole('button', { name: 'Remove' }).click()
    const dialog = page.getByRole('dialog', { name: 'Remove Big GPU box?' })
    await dialog.getByRole('button', { name: 'Remove' }).click()
    await expect(section(page).getByText('No remote engine yet')).toBeVisible()
    expect(consoleErrors).toEqual([])
  })

  test('a chat answered by a remote engine; the server killed mid-answer leaves the partial answer marked; restarted on its port, it answers the next message', async ({ page, harness, consoleErrors }) => {
    test.setTimeout(300_000)
    await openApp(page, harness)
    expect(await page.evaluate((baseUrl) => window.exaone?.invoke('engines:add', { name: 'GPU box', baseUrl }), remote.url)).toMatchObject({ ok: true })
    const picker = page.getByLabel('Model', { exact: true })
    const option = picker.locator('optgroup[label="Remote: GPU box"] option')
    await expect(option).toHaveText(`${servedModel} · remote, GPU box`)
    await picker.selectOption({ label: (await option.textContent()) ?? '' })
    await expect(page.locator('.status-bar__model')).toContainText(`Remote engine${servedModel} · GPU box`)
    await page.getByRole('button', { name: 'New chat' }).first().click()
    await expect(page.getByText(`Answers come from ${servedModel} on the remote engine GPU box`)).toBeVisible()

    await answerLength(page, 24)
    await send(page, 'Hello there')
    // The remote loads its model with the first request (and again after its restart): on a busy 2-core machine, a while.
    await expect(answers(page).locator('.message__stats')).toContainText(/tokens · .* tok\/s · first token/, { timeout: 90_000 })
    await expect(answers(page).locator('.markdown')).not.toBeEmpty()
    await expect(page.locator('.context-meter')).toContainText(/tokens/)

    // Long enough to be cut off, short enough for the served file's 4,096 tokens of context with the prompt.
    await answerLength(page, 3000)
    await send(page, 'A long story please')
    const cut = answers(page).nth(1)
    await expect(cut.locator('.markdown')).not.toBeEmpty({ timeout: 30_000 })
    await stopProcess(remote.process, 'SIGKILL')
    await expect(cut.getByText('This answer failed. The connection to the remote engine dropped during the answer. What arrived is kept.')).toBeVisible({ timeout: 30_000 })
    await expect(cut.locator('.markdown')).not.toBeEmpty()
    await expect(cut.getByRole('button', { name: 'Try again' })).toBeVisible()
    // The answer itself names the engine, as it will after a reload.
    await expect(cut).toContainText('Engine: GPU box')
    await cut.screenshot({ path: test.info().outputPath('failed-remote-answer.png') })
    const notice = page.locator('.chat-view__error [role="alert"]')
    await expect(notice).toContainText('Engine: GPU box')
    await notice.getByRole('button', { name: 'Open Settings > Remote engines' }).click()
    await expect(section(page)).toBeInViewport()
    await page.getByRole('link', { name: 'Chat' }).click()

    remote = await startRemoteApiProcess(folder, remote.port)
    await answerLength(page, 12)
    await send(page, 'Are you back?')
    await expect(answers(page).nth(2).locator('.message__stats')).toBeVisible({ timeout: 90_000 })
    await expect(cut.getByText(/This answer failed/)).toBeVisible()
    await expect(cut.locator('.markdown')).not.toBeEmpty()
    expect(consoleErrors).toEqual([])
  })
})

test('Korean: an address where nothing listens is refused in Korean with its fix, next to the form, and nothing typed is lost', async ({ page, harness }) => {
  const wrongPort = `${await closedPort()}/v1`
  await openApp(page, harness, 'settings')
  expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko' }))).toMatchObject({ ok: true })
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  const form = await openAddForm(page, '엔진 추가', '원격 엔진 추가')
  await form.getByLabel('이름').fill('GPU 서버')
  await form.getByLabel('주소').fill(wrongPort)
  await form.getByRole('button', { name: '확인 후 추가' }).click()
  const notice = form.getByRole('alert')
  await expect(notice).toContainText('원격 엔진에 연결할 수 없습니다.')
  await expect(notice).toContainText('서버가 실행 중인지, 주소와 포트가 맞는지')
  await expect(notice).toContainText('엔진: GPU 서버')
  // Already on Settings: no button that leads back here.
  await expect(notice.getByRole('button', { name: '설정 > 원격 엔진 열기' })).toHaveCount(0)
  await expect(form.getByLabel('주소')).toHaveValue(wrongPort)
  expect(await page.evaluate(() => window.exaone?.invoke('engines:list', {}))).toMatchObject({ ok: true, value: { engines: [] } })
})

/** An address of this machine that is not loopback, where nothing listens on the port: plain http there needs a yes. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address
}

test('plain http to another machine is confirmed once, then tried', async ({ page, harness }) => {
  const host = lanAddress()
  test.skip(!host, 'this machine has no IPv4 address besides loopback')
  await openApp(page, harness, 'settings')
  const form = await openAddForm(page, 'Add an engine', 'Add a remote engine')
  await form.getByLabel('Name').fill('Office box')
  await form.getByLabel('Address').fill(`http://${host}:${new URL(await closedPort()).port}/v1`)
  await form.getByRole('button', { name: 'Test', exact: true }).click()
  const notice = form.getByRole('alert')
  await expect(notice).toContainText('This address is not encrypted (http://)')
  await notice.getByRole('button', { name: 'I trust this network: use http' }).click()
  // The yes went with the request: now the address itself is tried, and nothing listens there.
  await expect(notice).toContainText('The remote engine could not be reached.')
  await form.getByRole('button', { name: 'Test and add' }).click()
  await expect(notice).toContainText('The remote engine could not be reached.')
  await expect(notice).not.toContainText('not encrypted')
})

test('an engine limited to one model offers all the server’s models again once the model field is emptied', async ({ page, harness, consoleErrors }) => {
  await withFakeOpenAI(async (server) => {
    server.models = { data: [{ id: 'exaone-a', object: 'model' }, { id: 'exaone-b', object: 'model' }] }
    await openApp(page, harness, 'settings')
    const form = await openAddForm(page, 'Add an engine', 'Add a remote engine')
    await form.getByLabel('Name').fill('Two models')
    await form.getByLabel('Address').fill(server.url)
    await form.getByLabel('Model id').fill('exaone-b')
    await form.getByRole('button', { name: 'Test and add' }).click()
    const row = section(page).getByRole('listitem', { name: 'Two models' })
    await expect(row).toContainText('Only exaone-b')
    await expect(row).not.toContainText('exaone-a')

    await row.getByRole('button', { name: 'Edit' }).click()
    const edit = row.getByRole('form', { name: 'Edit Two models' })
    await expect(edit.getByLabel('Model id')).toHaveValue('exaone-b')
    await edit.getByLabel('Model id').fill('')
    await edit.getByRole('button', { name: 'Test and save' }).click()
    await expect(row.getByRole('form')).toHaveCount(0)
    await expect(row).not.toContainText('Only')
    await expect(row).toContainText('exaone-a')
    await expect(row).toContainText('exaone-b')
    expect(await page.evaluate(() => window.exaone?.invoke('engines:list', {}))).toMatchObject({ ok: true, value: { engines: [{ modelId: null }] } })
    expect(consoleErrors).toEqual([])
  })
})

test('an engine the CLI adds while the window is open appears in Settings and in the chat’s picker at once, and goes when the CLI removes it', async ({ page, harness, consoleErrors }) => {
  await withFakeOpenAI(async (server) => {
    await openApp(page, harness, 'settings')
    await expect(section(page).getByText('No remote engine yet')).toBeVisible()
    const cli = (...args: string[]) => runCli(['engines', ...args], { EXAONE_DESKTOP_HOME: harness.home })
    expect((await cli('add', '--name', 'Terminal box', '--url', server.url)).code).toBe(0)
    await expect(section(page).getByRole('listitem', { name: 'Terminal box' })).toContainText('LGAI-EXAONE/EXAONE-4.0-32B')
    await page.getByRole('link', { name: 'Chat' }).click()
    await expect(page.getByLabel('Model', { exact: true }).locator('option', { hasText: 'Terminal box' })).toHaveCount(1)
    expect((await cli('remove', 'Terminal box')).code).toBe(0)
    await expect(page.getByLabel('Model', { exact: true }).locator('option', { hasText: 'Terminal box' })).toHaveCount(0)
    expect(consoleErrors).toEqual([])
  })
})

test('a busy server that asks to be tried again in a moment: the pending answer says it waits, then the answer comes', async ({ page, harness, consoleErrors }) => {
  // The backend helper's scripted OpenAI-style server (vLLM's model list): a 429 with Retry-After, then an answer.
  await withFakeOpenAI(async (server) => {
    server.models = vllmModels
    server.chat.push({ kind: 'status', status: 429, headers: { 'retry-after': '2' }, body: '{"error":{"message":"slow down"}}' })
    server.chat.push({ kind: 'stream', chunks: streamChunks([{ content: 'Hello after ' }, { content: 'the wait.' }]) })
    await openApp(page, harness)
    await chooseScriptedEngine(page, 'Busy box', server.url)
    await send(page, 'Are you there?')
    const pending = answers(page).getByRole('status')
    await expect(pending).toHaveText('Waiting for the server: Busy box is busy and asked to be tried again in 2 s (try 1 of 3).')
    await expect(answers(page).locator('.markdown')).toHaveText('Hello after the wait.')
    await expect(pending).toHaveCount(0)
    expect(consoleErrors).toEqual([])
  })
})

test('an answer the model ends before writing anything says so, and its figures give no first token, in English and Korean', async ({ page, harness, consoleErrors }) => {
  await withFakeOpenAI(async (server) => {
    server.models = vllmModels
    for (let turn = 0; turn < 2; turn++) server.chat.push({ kind: 'stream', chunks: streamChunks([], { usage: { prompt: 12, completion: 0 } }) })
    await openApp(page, harness)
    await chooseScriptedEngine(page, 'Quiet box', server.url)
    await send(page, 'Say nothing')
    const answer = answers(page).last()
    await expect(answer.locator('.message__note')).toHaveText('The model ended its answer without writing anything. Regenerate to ask again.')
    await expect(answer.locator('.message__stats')).toHaveText('0 tokens')
    await answer.screenshot({ path: test.info().outputPath('empty-answer-en.png') })

    expect(await page.evaluate(() => window.exaone?.invoke('settings:update', { locale: 'ko', theme: 'dark' }))).toMatchObject({ ok: true })
    // A chat of its own: a regenerated empty answer reads exactly like the one it replaces (an empty answer is not
    // kept as an alternative), so the test could not tell which one it saw.
    await page.getByRole('button', { name: '새 대화' }).first().click()
    await expect(page.getByText('답변은 원격 엔진 Quiet box 서버의 LGAI-EXAONE/EXAONE-4.0-32B 모델이 작성합니다.', { exact: false })).toBeVisible()
    await page.getByRole('textbox', { name: '메시지' }).fill('아무 말도 하지 마세요')
    await page.getByRole('textbox', { name: '메시지' }).press('Enter')
    await expect(answers(page).locator('.message__note')).toHaveText('모델이 아무것도 쓰지 않고 답을 끝냈습니다. 다시 물으려면 다시 생성을 누르세요.')
    await expect(answers(page).locator('.message__stats')).toHaveText('토큰 0개')
    await answers(page).screenshot({ path: test.info().outputPath('empty-answer-ko-dark.png') })
    expect(consoleErrors).toEqual([])
  })
})
