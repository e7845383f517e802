import { describe, expect, it } from 'vitest'
import { CallTracker } from '../../../src/backend/call-tracker'

/** A call whose answer the test gives when it wants. */
function pendingCall(): { promise: Promise<string>; answer(value: string): void } {
  let answer!: (value: string) => void
  const promise = new Promise<string>((resolve) => (answer = resolve))
  return { promise, answer }
}

describe('CallTracker: work no caller waits for starts once the calls being answered are', () => {
  it('lets it start at once when nothing is being answered', async () => {
    await expect(new CallTracker().answered()).resolves.toBeUndefined()
  })

  it('holds it until every call in flight is answered, and after the replies sent on their answers', async () => {
    const calls = new CallTracker()
    const first = pendingCall()
    const second = pendingCall()
    const order: string[] = []
    void calls.track(() => first.promise).then((value) => order.push(`reply ${value}`))
    void calls.track(() => second.promise).then((value) => order.push(`reply ${value}`))
    const started = calls.answered().then(() => order.push('background'))
    first.answer('one')
    await first.promise
    expect(order).toEqual([])
    second.answer('two')
    await started
    expect(order).toEqual(['reply one', 'reply two', 'background'])
  })

  it('counts a call that failed as answered', async () => {
    const calls = new CallTracker()
    const failing = calls.track(() => Promise.reject(new Error('no such model')))
    const started = calls.answered()
    await expect(failing).rejects.toThrow('no such model')
    await expect(started).resolves.toBeUndefined()
  })

  it('waits for a call that runs long no more than its limit', async () => {
    const calls = new CallTracker(20)
    const loading = pendingCall()
    let loaded = false
    void calls.track(() => loading.promise).then(() => (loaded = true))
    await calls.answered()
    expect(loaded).toBe(false)
    // The long call ending later releases nothing twice.
    loading.answer('loaded')
    await calls.answered()
  })
})
