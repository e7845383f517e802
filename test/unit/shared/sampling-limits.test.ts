import { describe, expect, it } from 'vitest'
import { Sampling } from '../../../src/shared/engine'
import { samplingLimits } from '../../../src/shared/engine-plain'

describe('sampling limits (one table for the schema and the chat settings drawer)', () => {
  it.each(Object.entries(samplingLimits))('%s: the schema accepts exactly the range the drawer offers', (key, { min, max, step }) => {
    expect(Sampling.safeParse({ [key]: min }).success).toBe(true)
    expect(Sampling.safeParse({ [key]: max }).success).toBe(true)
    expect(Sampling.safeParse({ [key]: min - step }).success).toBe(false)
    expect(Sampling.safeParse({ [key]: max + step }).success).toBe(false)
  })

  it('takes only whole numbers for whole-number settings, which the drawer steps by one', () => {
    for (const [key, limit] of Object.entries(samplingLimits)) {
      const whole = 'integer' in limit
      expect(Sampling.safeParse({ [key]: Math.floor(limit.min) + 0.5 }).success, key).toBe(!whole)
      if (whole) expect(limit.step, key).toBe(1)
    }
    expect(Object.keys(samplingLimits).filter((key) => 'integer' in samplingLimits[key as keyof typeof samplingLimits])).toEqual(['topK', 'maxTokens', 'seed'])
  })

  it('has a field for every sampling setting', () => {
    expect(Object.keys(samplingLimits).sort()).toEqual(Object.keys(Sampling.shape).sort())
  })
})
