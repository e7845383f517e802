/** What each server's model list says (bodies in test/fixtures/remote/, README there says where each comes from). */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serverFlavour } from '../../../../src/backend/services/remote/remote-chat'
import { parseModelList } from '../../../../src/backend/services/remote/remote-models'

const body = async (name: string): Promise<unknown> => JSON.parse(await readFile(join('test/fixtures/remote', `${name}-models.json`), 'utf8'))

describe('parseModelList', () => {
  it.each([
    ['vllm', [{ id: 'LGAI-EXAONE/EXAONE-4.0-32B', contextLength: 131072, ownedBy: 'vllm' }]],
    ['sglang', [{ id: 'LGAI-EXAONE/EXAONE-4.0-32B', contextLength: 131072, ownedBy: 'sglang' }]],
    ['llama-server', [{ id: 'EXAONE-4.0-32B-Q4_K_M.gguf', contextLength: 131072, ownedBy: 'llamacpp' }]],
    [
      'ollama',
      [
        { id: 'exaone4.0:32b', contextLength: null, ownedBy: 'library' },
        { id: 'hf.co/LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF:Q4_K_M', contextLength: null, ownedBy: 'LGAI-EXAONE' }
      ]
    ],
    ['exaone-desktop', [{ id: 'exaone-4.0-1.2b:Q4_K_M', contextLength: 65536, ownedBy: 'LG AI Research' }]]
  ])('reads %s', async (server, models) => {
    expect(parseModelList(await body(server))).toEqual(models)
  })

  it('is null for anything that is not a list, and skips entries without an id or with odd lengths', () => {
    expect(parseModelList({ models: [] })).toBeNull()
    expect(parseModelList('<html>')).toBeNull()
    expect(parseModelList({ data: [{ id: '' }, { id: 'a', max_model_len: 'big' }, 7] })).toEqual([{ id: 'a', contextLength: null, ownedBy: null }])
  })
})

describe('serverFlavour', () => {
  it('knows Ollama by its port or its "library" models, and takes everything else as OpenAI-style', async () => {
    expect(serverFlavour('http://box:11434/v1', [])).toBe('ollama')
    expect(serverFlavour('http://box:8080/v1', parseModelList(await body('ollama'))!)).toBe('ollama')
    expect(serverFlavour('http://box:8000/v1', parseModelList(await body('vllm'))!)).toBe('openai')
  })
})
