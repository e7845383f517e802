import { describe, expect, it } from 'vitest'
import { answerStatsText } from '../../../src/renderer/src/features/chat/answer-stats'

const stats = { promptTokens: 20, cachedTokens: 0, generatedTokens: 96, tokensPerSecond: 12.34, ttftMs: 583.9, totalMs: 8300, contextSize: 4096, contextUsed: 116 }

describe('an answer’s figures', () => {
  it('give tokens, speed and the first token’s time', () => {
    expect(answerStatsText('en', stats)).toBe('96 tokens · 12.3 tok/s · first token 584 ms')
    expect(answerStatsText('ko', { ...stats, ttftMs: 1540 })).toBe('토큰 96개 · 초당 12.3토큰 · 첫 토큰 1.5 s')
  })

  it('say "1 token" and leave out a speed they cannot know, for an answer that came as one chunk', () => {
    expect(answerStatsText('en', { ...stats, generatedTokens: 1, tokensPerSecond: 0 })).toBe('1 token · first token 584 ms')
    expect(answerStatsText('ko', { ...stats, generatedTokens: 1, tokensPerSecond: 0 })).toBe('토큰 1개 · 첫 토큰 584 ms')
  })

  it('leave out the first token’s time of an answer that ended before its first token', () => {
    expect(answerStatsText('en', { ...stats, generatedTokens: 0, tokensPerSecond: 0, ttftMs: 0 })).toBe('0 tokens')
    expect(answerStatsText('ko', { ...stats, generatedTokens: 0, tokensPerSecond: 0, ttftMs: 0 })).toBe('토큰 0개')
  })
})
