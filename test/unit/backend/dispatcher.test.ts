import { describe, expect, it } from 'vitest'
import type { Handlers } from '../../../src/backend/dispatcher'
import { createDispatcher } from '../../../src/backend/dispatcher'
import { AppError } from '../../../src/shared/errors'
import { defaultSettings } from '../../../src/shared/settings-plain'

const probe = { thrown: null as unknown }
const handlers: Handlers = {
  'app:info': () => ({ name: 'EXAONE Desktop', version: '1', platform: 'linux', arch: 'x64', dataDir: '/tmp' }),
  'settings:get': () => defaultSettings,
  'settings:update': (change: object) => ({ ...defaultSettings, ...change }),
  'hardware:probe': () => {
    throw probe.thrown
  },
  'monitor:history': () => ({ intervalMs: 1000, windowMs: 300_000, ticks: [] })
} as unknown as Handlers

describe('dispatcher', () => {
  const dispatch = createDispatcher(handlers)

  it('answers a valid request', async () => {
    await expect(dispatch('settings:update', { locale: 'ko' })).resolves.toEqual({ ok: true, value: { ...defaultSettings, locale: 'ko' } })
  })

  it('treats missing arguments as an empty object', async () => {
    await expect(dispatch('app:info', undefined)).resolves.toMatchObject({ ok: true })
  })

  it.each([
    ['a wrong enum value', 'settings:update', { locale: 'fr' }, /locale/],
    ['an unknown key', 'settings:update', { locale: 'ko', windowBounds: {} }, /windowBounds|Unrecognized/],
    ['a non-object', 'settings:update', 'ko', /object/],
    ['arguments for a request that takes none', 'app:info', { path: '../../etc' }, /Unrecognized|path/]
  ])('refuses %s before any handler runs', async (_label, name, args, message) => {
    const reply = await dispatch(name, args)
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    if (!reply.ok) expect(reply.error.message).toMatch(message)
  })

  it.each([['__proto__'], ['constructor'], ['toString'], [42], [null]])('refuses the request name %s', async (name) => {
    await expect(dispatch(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-request' } })
  })

  it('returns an AppError thrown by a handler as data, and hides other errors behind a clear message', async () => {
    probe.thrown = new AppError({ code: 'io', message: 'The disk is full.', hint: 'Free some space.' })
    await expect(dispatch('hardware:probe', {})).resolves.toEqual({ ok: false, error: { code: 'io', message: 'The disk is full.', hint: 'Free some space.' } })
    probe.thrown = new RangeError('index 7 out of range')
    const reply = await dispatch('hardware:probe', {})
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', details: expect.stringContaining('RangeError') } })
  })
})
