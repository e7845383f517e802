/**
 * The page's CSP in Chromium, on the built renderer the harness serves: its own inline stylesheet (the first
 * screen's, allowed by hash) applies, an answer's table keeps its column alignment and its code its highlighting
 * with nothing refused, and a style that markup smuggles in (a style attribute, a <style> element) is refused.
 * The answer comes from the backend helpers' scripted OpenAI-style server on 127.0.0.1, as a remote engine.
 */
import { startFakeOpenAI, streamChunks, vllmModels } from '../helpers/fake-openai-server'
import { chooseScriptedEngine, expect, openApp, test } from './harness-fixture'

const answer = ['| name | tokens | share |\n| :-- | --: | :-: |\n', '| EXAONE | 1,200 | half |\n\n', '```ts\nconst x = 1\n```\n']

test('the CSP allows the app its own styles, an answer its table alignment and highlighting, and nothing smuggled in', async ({ page, harness, consoleErrors }) => {
  const server = await startFakeOpenAI()
  try {
    server.models = vllmModels
    server.chat.push({ kind: 'stream', chunks: streamChunks(answer.map((content) => ({ content }))) })
    await openApp(page, harness)
    // The first screen's stylesheet is a <style> in index.html: the sidebar has its width only if it applied.
    expect(await page.locator('nav.sidebar').evaluate((nav) => nav.getBoundingClientRect().width)).toBeGreaterThan(100)
    await chooseScriptedEngine(page, 'Table box', server.url)
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('A table, please')
    await box.press('Enter')

    const markdown = page.locator('article.message--assistant .markdown')
    const cells = markdown.locator('td')
    await expect(cells).toHaveText(['EXAONE', '1,200', 'half'])
    const align = await cells.evaluateAll((tds) => tds.map((td) => getComputedStyle(td).textAlign))
    expect(align).toEqual(['left', 'right', 'center'])
    await expect(markdown.locator('code.hljs .hljs-keyword')).toHaveText('const')
    expect(consoleErrors).toEqual([])

    // Markup that tries to style the page does nothing, and Chromium says the policy refused it.
    const smuggled = await page.evaluate(async () => {
      // Each policy (the header and the page's meta tag) reports what it refuses.
      const refused = new Promise<string[]>((resolve) => {
        const seen = new Set<string>()
        document.addEventListener('securitypolicyviolation', (event) => {
          seen.add(event.violatedDirective)
          if (seen.size === 2) resolve([...seen])
        })
      })
      const probe = document.createElement('div')
      probe.id = 'csp-probe'
      probe.innerHTML = '<span style="color: rgb(1, 2, 3)">x</span><style>#csp-probe { outline: 7px solid red }</style>'
      document.body.append(probe)
      const directives = await refused
      return { directives, color: getComputedStyle(probe.firstElementChild as Element).color, outline: getComputedStyle(probe).outlineWidth }
    })
    expect(smuggled.directives.sort()).toEqual(['style-src-attr', 'style-src-elem'])
    expect(smuggled.color).not.toBe('rgb(1, 2, 3)')
    expect(smuggled.outline).not.toBe('7px')
  } finally {
    await server.close()
  }
})
