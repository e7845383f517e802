import { describe, expect, it } from 'vitest'
import { catalogEntryFor, catalogEntryForRemote, exaone35SystemPrompt, recommendedSampling, recommendedSystemPrompt } from '../../../src/shared/chat-recommendations'
import type { ChatFormatName } from '../../../src/shared/engine'

const loaded = (path: string, name: string, format: ChatFormatName, modelId: string | null = null) => ({ modelId, path, name, format })

describe('recommendations for the loaded model', () => {
  it('finds an installed model by its id, whatever its file is called', () => {
    expect(catalogEntryFor(loaded('/m/renamed.gguf', 'EXAONE 4.0 test model', 'exaone4', 'exaone-4.0-32b'))?.id).toBe('exaone-4.0-32b')
  })

  it('finds the catalog entry of a file outside the library by file name, by GGUF name, then by chat format', () => {
    expect(catalogEntryFor(loaded('/m/EXAONE-4.0-32B-Q4_K_M.gguf', 'whatever', 'exaone4'))?.id).toBe('exaone-4.0-32b')
    expect(catalogEntryFor(loaded('C:\\m\\EXAONE-3.5-7.8B-Instruct-Q8_0.gguf', 'x', 'exaone3.5'))?.id).toBe('exaone-3.5-7.8b')
    expect(catalogEntryFor(loaded('/m/renamed.gguf', 'EXAONE Deep 2.4B', 'exaone-deep'))?.id).toBe('exaone-deep-2.4b')
    expect(catalogEntryFor(loaded('/m/tiny.gguf', 'EXAONE 4.0 test model', 'exaone4'))?.family).toBe('4.0')
    expect(catalogEntryFor(loaded('/m/tiny.gguf', 'test', 'exaone3.5'))?.family).toBe('3.5')
  })

  it("uses LG's preset for the mode", () => {
    const small = loaded('/m/EXAONE-4.0-1.2B-Q8_0.gguf', '', 'exaone4')
    expect(recommendedSampling(small, false)).toEqual({ temperature: 0.1 })
    expect(recommendedSampling(small, true)).toEqual({ temperature: 0.6, topP: 0.95 })
    // Deep always reasons; 3.5 never does and wants no repetition penalty.
    expect(recommendedSampling(loaded('/m/EXAONE-Deep-7.8B-Q4_K_M.gguf', '', 'exaone-deep'), false)).toEqual({ temperature: 0.6, topP: 0.95, repeatPenalty: 1 })
    expect(recommendedSampling(loaded('/m/EXAONE-3.5-2.4B-Instruct-Q4_K_M.gguf', '', 'exaone3.5'), true)).toEqual({ temperature: 0, repeatPenalty: 1 })
  })

  it('starts 3.5 chats with its recommended system prompt and the others with none', () => {
    expect(recommendedSystemPrompt(loaded('/m/EXAONE-3.5-32B-Instruct-BF16-00001-of-00002.gguf', '', 'exaone3.5'))).toBe(exaone35SystemPrompt)
    expect(recommendedSystemPrompt(loaded('/m/EXAONE-Deep-32B-Q4_K_M.gguf', '', 'exaone-deep'))).toBe('')
    expect(recommendedSystemPrompt(loaded('/m/EXAONE-4.0-1.2B-Q4_K_M.gguf', '', 'exaone4'))).toBe('')
    expect(recommendedSystemPrompt(undefined)).toBe('')
  })
})

describe('catalogEntryForRemote', () => {
  it('recognises EXAONE in each server’s way of naming it, and nothing else', () => {
    const id = (remote: string) => catalogEntryForRemote(remote)?.id
    expect(id('LGAI-EXAONE/EXAONE-4.0-32B')).toBe('exaone-4.0-32b')
    expect(id('LGAI-EXAONE/EXAONE-4.0-32B-AWQ')).toBe('exaone-4.0-32b')
    expect(id('EXAONE-4.0-1.2B-Q4_K_M.gguf')).toBe('exaone-4.0-1.2b')
    expect(id('exaone-4.0-1.2b:Q4_K_M')).toBe('exaone-4.0-1.2b')
    expect(id('hf.co/LGAI-EXAONE/EXAONE-4.0-32B-GGUF:Q4_K_M')).toBe('exaone-4.0-32b')
    expect(id('LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct')).toBe('exaone-3.5-2.4b')
    expect(id('LGAI-EXAONE/K-EXAONE-236B-A23B')).toBe('k-exaone-236b-a23b')
    expect(id('gpt-4o-mini')).toBeUndefined()
    expect(id('qwen3:32b')).toBeUndefined()
  })
})
