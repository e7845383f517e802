/** The renderer's bridge on a fake `window.exaone`: nonePending, which holds the pages' prefetch until the first answers are in. */
import { describe, expect, it, vi } from 'vitest'

const fake = await vi.hoisted(async () => (await import('./stores/fake-bridge')).installFakeBridge())
const { call, nonePending } = await import('../../../src/renderer/src/bridge')

describe('nonePending', () => {
  it('resolves at once with no call out, and otherwise only after the last answer (a failed one counts)', async () => {
    await nonePending()
    const answers: Array<(value: unknown) => void> = []
    fake.handle('settings:get', () => new Promise((resolve) => answers.push(resolve)))
    fake.handle('app:info', () => Promise.reject({ code: 'io', message: 'no' }))
    const settled: string[] = []
    const first = call('settings:get', {})
    const second = call('settings:get', {})
    const failed = call('app:info', {}).catch(() => settled.push('failed'))
    const waiting = nonePending().then(() => settled.push('none pending'))
    await failed
    await vi.waitFor(() => expect(answers).toHaveLength(2))
    answers[0]?.({})
    await first
    expect(settled).toEqual(['failed'])
    answers[1]?.({})
    await second
    await waiting
    expect(settled).toEqual(['failed', 'none pending'])
  })
})
