/** Every bench figure that summarises rounds takes this median (bench/figure.ts). */
import { describe, expect, it } from 'vitest'
import { median } from '../../../bench/figure'

describe('the bench median', () => {
  it('takes the middle of an odd count, unsorted input left as it was', () => {
    const values = [9, 1, 5]
    expect(median(values)).toBe(5)
    expect(values).toEqual([9, 1, 5])
  })

  it('takes the mean of the two middle values of an even count, not the higher one (two rounds were their best)', () => {
    expect(median([80, 90])).toBe(85)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('is NaN with no values, so a figure that measured nothing cannot pass as zero', () => {
    expect(median([])).toBeNaN()
  })
})
