/** `exaone-desktop serve` as a real process: prints its URL, answers the openai SDK with its key, stops on SIGTERM/SIGINT. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryService } from '../../../src/backend/services/library/library-service'
import { ModelsFolder } from '../../../src/backend/services/library/models-folder'
import { removeTinyModels, tinyModelPath } from '../../fixtures/gguf/exaone-models'
import { testModel } from '../../helpers/api-server'
import { installAs } from '../../helpers/engine-service'
import { serveProcess } from '../../helpers/serve-process'

let home: string
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'exaone-serve-'))
  await mkdir(join(home, 'models'))
  await installAs(new LibraryService({ folder: new ModelsFolder(join(home, 'models')) }), await tinyModelPath('exaone4'), 'exaone-4.0-1.2b', 'Q4_K_M')
})
afterAll(async () => {
  await removeTinyModels()
  await rm(home, { recursive: true, force: true })
})

describe('exaone-desktop serve', () => {
  it('serves the SDK with its key and stops cleanly on SIGTERM', async () => {
    const { child, url, exit } = serveProcess(home, ['--api-key', 'exa-cli-key', '--model', testModel, '--parallel', '2'])
    const baseURL = await url
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    const client = new OpenAI({ baseURL, apiKey: 'exa-cli-key', maxRetries: 0 })
    expect((await client.models.list()).data[0]).toMatchObject({ id: testModel, loaded: true })
    const answer = await client.chat.completions.create({ model: testModel, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 8, temperature: 0 })
    expect(answer.usage?.completion_tokens).toBeGreaterThan(0)
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
  })

  it('stops cleanly on SIGINT', async () => {
    const { child, url, exit } = serveProcess(home, [])
    await url
    child.kill('SIGINT')
    expect(await exit).toBe(0)
  })

  it('refuses another host without a key', async () => {
    const { url, exit } = serveProcess(home, ['--host', '0.0.0.0'])
    await expect(url).rejects.toThrow(/needs an API key/)
    expect(await exit).toBe(1)
  })
})
