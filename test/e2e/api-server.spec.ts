/**
 * Settings > API server in Chromium on the real backend: turned on at a port of the user's choosing, it really
 * serves (fetched from here), the status bar shows it, a generated key is shown once and asked for from then on,
 * the examples carry the server's address, and the request log lists what was asked.
 */
import { createServer } from 'node:net'
import { expect, openApp, test } from './harness-fixture'

/** A port nothing listens on now (the default 4558 may be taken by another program on this machine). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

test.describe('Settings > API server', () => {
  test('turns the server on, shows it in the status bar, and hands out a key once', async ({ page, harness, consoleErrors }) => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/v1`
    await openApp(page, harness, 'settings')
    const section = page.getByRole('region', { name: 'API server' })
    await expect(page.locator('.status-bar__api')).toHaveCount(0)

    await section.getByLabel('Port').fill(String(port))
    await section.getByLabel('Port').press('Enter')
    // The switch shows the saved setting, so it turns once the backend has applied it.
    const serve = section.getByRole('switch', { name: 'Serve the API' })
    await serve.click()
    await expect(serve).toBeChecked()
    await expect(section.getByText(`On at ${url}`)).toBeVisible()
    await expect(page.locator('.status-bar__api')).toHaveText(`API on :${port}`)
    expect((await fetch(`${url}/models`)).status).toBe(200)
    await expect(section.locator('.api-server__example')).toContainText(`curl ${url}/chat/completions`)

    await section.getByRole('button', { name: 'Generate key' }).click()
    const key = (await section.locator('.api-server__new-key code').textContent()) ?? ''
    expect(key.length).toBeGreaterThan(20)
    expect((await fetch(`${url}/models`)).status).toBe(401)
    expect((await fetch(`${url}/models`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200)
    await expect(section.locator('.api-server__example')).toContainText('Authorization: Bearer YOUR_API_KEY')
    await section.getByLabel('Example').selectOption('python')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await section.getByRole('button', { name: 'Copy example' }).click()
    await expect(section.getByRole('button', { name: 'Copied' })).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`client = OpenAI(base_url="${url}", api_key="YOUR_API_KEY")`)
    await expect(section.locator('.api-server__log')).toContainText('GET /v1/models')
    await page.screenshot({ path: test.info().outputPath('api-server-on.png'), fullPage: true })

    // Shown once: after a reload only its last characters say which key is set.
    await page.reload()
    await expect(section.getByText(`A key ending in …${key.slice(-4)} is required.`)).toBeVisible()
    await expect(section.locator('.api-server__new-key')).toHaveCount(0)

    await serve.click()
    await expect(serve).not.toBeChecked()
    await expect(page.locator('.status-bar__api')).toHaveCount(0)
    await expect(fetch(`${url}/models`)).rejects.toThrow()
    expect(consoleErrors).toEqual([])
  })
})
