/** The model picker's option values for remote models, and which models an engine offers the chat. */
import { describe, expect, it } from 'vitest'
import { offeredModels, remoteChoiceOf, remoteOptionValue, remoteReasoning } from '../../../src/renderer/src/features/chat/engine-choice'
import type { RemoteEngine } from '../../../src/shared/remote-engines'

const engine: RemoteEngine = {
  id: 'gpu-box',
  name: 'GPU box',
  baseUrl: 'http://gpu-box:8000/v1',
  modelId: null,
  hasKey: false,
  allowInsecureHttp: true,
  models: [
    { id: 'LGAI-EXAONE/EXAONE-4.0-32B', contextLength: 131072, ownedBy: 'vllm' },
    { id: 'exaone4:32b-q4_K_M', contextLength: null, ownedBy: null }
  ],
  checkedAt: '2026-12-01T09:00:00.000Z'
}

describe('remote model options', () => {
  it('read back as the engines:use choice they were made from, colons in the model id included', () => {
    for (const modelId of ['LGAI-EXAONE/EXAONE-4.0-32B', 'exaone4:32b-q4_K_M', 'a:b:c']) {
      expect(remoteChoiceOf(remoteOptionValue({ engineId: 'gpu-box', modelId }))).toEqual({ kind: 'remote', engineId: 'gpu-box', modelId })
    }
  })

  it('are never mistaken for an installed file, and a cut-off value is no choice', () => {
    expect(remoteChoiceOf('exaone-4.0-1.2b:Q4_K_M')).toBeNull()
    expect(remoteChoiceOf('/home/me/models/remote:thing.gguf')).toBeNull()
    expect(remoteChoiceOf('')).toBeNull()
    expect(remoteChoiceOf('remote:gpu-box:')).toBeNull()
    expect(remoteChoiceOf('remote::model')).toBeNull()
  })

  it('list every model the last test found, or only the one the engine was limited to', () => {
    expect(offeredModels(engine)).toEqual(['LGAI-EXAONE/EXAONE-4.0-32B', 'exaone4:32b-q4_K_M'])
    expect(offeredModels({ ...engine, modelId: 'exaone4:32b-q4_K_M' })).toEqual(['exaone4:32b-q4_K_M'])
    expect(offeredModels({ ...engine, models: [] })).toEqual([])
  })
})

describe('the reasoning switch for a remote model', () => {
  it('follows the catalog for an EXAONE it recognises, and is offered for any other model', () => {
    expect(remoteReasoning('LGAI-EXAONE/EXAONE-4.0-32B')).toBe('optional')
    expect(remoteReasoning('LGAI-EXAONE/EXAONE-Deep-7.8B')).toBe('always')
    expect(remoteReasoning('LGAI-EXAONE/EXAONE-3.5-7.8B-Instruct')).toBe('never')
    expect(remoteReasoning('qwen3:8b')).toBe('optional')
  })
})
