import { describe, expect, it } from 'vitest'
import { inferenceThreads } from '../../../src/backend/services/engine-service'

describe('inference threads', () => {
  it('leave a core free for the window on small machines and use every physical core on larger ones', () => {
    expect([1, 2, 3, 4, 6, 8, 16].map(inferenceThreads)).toEqual([1, 1, 2, 3, 6, 8, 16])
  })
})
