/**
 * A small seeded PRNG (mulberry32) for tests that inject faults at random points: the seed comes from TEST_SEED
 * when set, else it is drawn at random, and tests put it in their names and messages so a failure can be replayed
 * with `TEST_SEED=<seed> npx vitest run <file>`.
 */
export interface SeededRandom {
  seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
}

export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.TEST_SEED
  if (given !== undefined && given !== '') {
    const seed = Number(given)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`TEST_SEED must be an integer from 0 to ${0xffffffff}, not ${given}`)
    return seed
  }
  return Math.floor(Math.random() * 0x100000000)
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000
  }
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}
