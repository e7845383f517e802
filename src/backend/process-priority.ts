import { readdirSync } from 'node:fs'
import os from 'node:os'

/**
 * Runs a child of ours (the inference worker) below normal OS priority, so that llama.cpp can use every core and
 * the window and the backend still get the CPU the moment they need it. On Linux a nice value belongs to each
 * thread, not to the process (setpriority(2), BUGS): every thread the child has so far is lowered, and the threads
 * it starts later (llama.cpp's) inherit it. Failures are ignored: a child at normal priority still works.
 */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return
  const ids = process.platform === 'linux' ? threadIds(pid) : [pid]
  for (const id of ids) {
    try {
      os.setPriority(id, os.constants.priority.PRIORITY_BELOW_NORMAL)
    } catch {
      // Gone already, or not allowed here: it runs at the priority it has.
    }
  }
}

function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number)
  } catch {
    return [pid]
  }
}
