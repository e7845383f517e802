/** Small judgements the engine host makes about its worker: whether a load asks for what it has, and why it exited. */
import type { LoadedModel, LoadOptions } from '../../shared/engine'
import type { EngineStopCode } from '../../shared/errors'

/** Whether a load asks for the model already loaded, as it is loaded (what it leaves out, it leaves open). */
export function isSameLoad(model: LoadedModel, path: string, options: LoadOptions): boolean {
  return (
    model.path === path &&
    (options.contextSize === undefined || options.contextSize === model.contextSize) &&
    (options.gpuLayers === undefined || options.gpuLayers === model.gpuLayers) &&
    (options.sequences === undefined || options.sequences === model.sequences) &&
    options.draft?.path === model.draft?.path
  )
}

/** Why a worker ended unasked: a code the window translates, and the backend's English for details and logs. */
export function describeExit(exit: { code: number | null; signal: string | null }, stderrTail: string[]): { code: EngineStopCode; reason: string } {
  const assertion = stderrTail.find((line) => /GGML_ASSERT|GGML_ABORT|terminate called/.test(line))
  if (exit.signal === 'SIGABRT' || exit.code === 134) {
    return { code: 'llama-check', reason: `llama.cpp stopped on an internal check${assertion ? ` (${assertion.trim().slice(0, 200)})` : ''}` }
  }
  if (exit.signal === 'SIGKILL' || exit.code === 137) return { code: 'out-of-memory', reason: 'the system ended it, most likely because memory ran out' }
  if (exit.signal === 'SIGSEGV' || exit.code === 139) return { code: 'crashed', reason: 'it crashed inside llama.cpp (segmentation fault)' }
  if (exit.signal) return { code: 'exit', reason: `it was ended by ${exit.signal}` }
  return { code: 'exit', reason: `it exited unexpectedly with code ${exit.code ?? 'unknown'}` }
}
