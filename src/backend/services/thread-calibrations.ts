/**
 * The thread counts the engine measured (see inference/thread-calibration.ts), remembered in the data folder so
 * that only the first load of a model shape on a machine pays for the measurement. Keys name the machine, so
 * new hardware measures anew; an unreadable file is kept aside and measuring starts over.
 */
import os from 'node:os'
import { z } from 'zod'
import type { HardwareProbe } from '../../shared/hardware'
import type { ThreadsToCalibrate } from '../inference/protocol'
import { readJsonFile, writeFileAtomic } from '../json-file'

const Calibrations = z.record(z.string(), z.number().int().positive())

export class ThreadCalibrations {
  private writing = Promise.resolve()

  constructor(private readonly path: string) {}

  /** What the worker needs to calibrate, or to reuse what was measured before on this CPU. */
  async request(cpu: HardwareProbe['cpu']): Promise<ThreadsToCalibrate> {
    return { candidates: threadCandidates(cpu.cores), machine: `${cpu.brand}, ${cpu.cores} cores, ${cpu.threads} threads`, known: await readJsonFile(this.path, Calibrations, {}) }
  }

  /** Remembers a measured count; writes one at a time, so two loads cannot lose each other's. */
  record(key: string, threads: number): Promise<void> {
    this.writing = this.writing.catch(() => undefined).then(async () => {
      const known = await readJsonFile(this.path, Calibrations, {})
      await writeFileAtomic(this.path, JSON.stringify({ ...known, [key]: threads }, null, 2) + '\n')
    })
    return this.writing
  }
}

/**
 * The counts worth measuring: every one up to 4 physical cores; beyond, half the cores (hybrid CPUs, whose
 * efficiency cores slow the rest down) and the last three, where the best count lies on a machine at rest.
 * Never more than the CPUs this process may use (a container's or an affinity mask's limit).
 */
export function threadCandidates(physicalCores: number, usable: number = os.availableParallelism()): number[] {
  const cores = Math.max(1, Math.min(physicalCores, usable))
  if (cores <= 4) return Array.from({ length: cores }, (_, index) => index + 1)
  return [...new Set([Math.ceil(cores / 2), cores - 2, cores - 1, cores])]
}
