import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AnswerRecorder } from '../../../../src/backend/services/chats/answer-recorder'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('answer recorder', () => {
  it('saves the first piece at once, then what is new at most once a second', async () => {
    const saved: Array<[string, string]> = []
    const start = Date.now()
    const recorder = new AnswerRecorder(async (text, reasoning) => void saved.push([text, reasoning]), 1000, () => Date.now())
    recorder.push({ text: '', reasoning: 'Thinking' })
    for (const piece of ['A', 'n', 's']) {
      await vi.advanceTimersByTimeAsync(100)
      recorder.push({ text: piece, reasoning: '' })
    }
    expect(saved).toEqual([['', 'Thinking']])
    await vi.advanceTimersByTimeAsync(700)
    expect(saved).toEqual([['', 'Thinking'], ['Ans', '']])
    recorder.push({ text: 'wer', reasoning: '' })
    await recorder.close()
    await vi.advanceTimersByTimeAsync(5000)
    expect(saved).toHaveLength(2)
    expect(recorder).toMatchObject({ text: 'Answer', reasoning: 'Thinking' })
    expect(recorder.firstTextAt).toBe(start + 100)
  })

  it('goes on when a save fails, with one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const recorder = new AnswerRecorder(() => Promise.reject(new Error('disk full')), 10, () => Date.now())
    for (let index = 0; index < 5; index++) {
      recorder.push({ text: 'x', reasoning: '' })
      await vi.advanceTimersByTimeAsync(20)
    }
    await recorder.close()
    expect(recorder.text).toBe('xxxxx')
    expect(warn).toHaveBeenCalledTimes(1)
  })
})
