/** While a model loads, stops it before the system runs out of memory (and starts swapping or killing apps). */
import { AppError } from '../../shared/errors'

export interface MemoryFloor {
  /** Reads the system's available memory. */
  availableMemory?: () => Promise<number>
  /** Below this much available memory, the load is stopped. */
  memoryFloorBytes?: number
}

/** Checks four times a second while `loading()` holds; returns what ends the watch. Without a floor it watches nothing. */
export function watchLoadMemory({ availableMemory, memoryFloorBytes }: MemoryFloor, loading: () => boolean, stop: (error: AppError) => void): () => void {
  if (!availableMemory || memoryFloorBytes === undefined) return () => undefined
  const timer = setInterval(() => {
    if (!loading()) return
    void availableMemory().then((available) => {
      if (available >= memoryFloorBytes || !loading()) return
      const free = `${(available / 1e9).toFixed(1)} GB`
      stop(new AppError({ code: 'wont-fit', message: `Loading stopped before memory ran out: only ${free} was left free.`, hint: 'Close other programs, or choose a smaller quantisation or context.' }))
    })
  }, 250)
  timer.unref?.()
  return () => clearInterval(timer)
}
