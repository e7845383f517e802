import { describe, expect, it } from 'vitest'
import { restoredBounds } from '../../../src/main/window-state'

const screen = { x: 0, y: 0, width: 1920, height: 1080 }

describe('remembered window position', () => {
  it('is restored when it is on a screen', () => {
    expect(restoredBounds({ x: 100, y: 80, width: 1000, height: 700, maximized: false }, [screen])).toEqual({ x: 100, y: 80, width: 1000, height: 700 })
  })

  it('keeps only the size when its monitor is gone', () => {
    expect(restoredBounds({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }, [screen])).toEqual({ width: 1000, height: 700 })
  })

  it('is empty the first time', () => {
    expect(restoredBounds(null, [screen])).toEqual({})
  })
})
