import { useEffect } from 'react'
import { defaultContextTokens } from '../../../../shared/engine'
import { evaluateFit } from '../../../../shared/fit/advisor'
import { ramMarginBytes, vramMarginBytes } from '../../../../shared/fit/budget'
import type { RequiredMemory } from '../../../../shared/monitor'
import { useCatalog } from '../../stores/catalog'
import { useEngine } from '../../stores/engine'
import { useHardware } from '../../stores/hardware'
import { useLibrary } from '../../stores/library'
import { useMonitor } from '../../stores/monitor'

/**
 * Tells the memory warning what the model needs: while it loads, the whole of it (from the fit advisor); once it
 * runs, the headroom that keeps it from swapping (another program taking memory slows every token).
 */
export function useModelMemoryNeed(): void {
  const engine = useEngine((state) => state.state)
  const probe = useHardware((state) => state.probe)
  const catalog = useCatalog((state) => state.catalog)
  const installed = useLibrary((state) => state.snapshot?.installed)

  useEffect(() => {
    let need: RequiredMemory | null = null
    if (engine.status === 'loading' && probe) {
      const file = installed?.find((quant) => quant.path === engine.path)
      const model = catalog?.models.find((candidate) => candidate.id === file?.modelId)
      const quant = model?.quants.find((candidate) => candidate.id === file?.quantId)
      if (model && quant) {
        const fit = evaluateFit({ model, quant, hardware: probe, contextTokens: defaultContextTokens })
        need = { ramBytes: fit.ramBytes, vramBytes: fit.vramBytes }
      }
    } else if ((engine.status === 'ready' || engine.status === 'generating') && probe) {
      const gpu = probe.gpus.find((each) => each.backend !== null && !each.unifiedMemory)
      need = { ramBytes: ramMarginBytes(probe.ram.totalBytes), vramBytes: engine.model.gpuLayers > 0 && gpu ? vramMarginBytes(gpu.vramTotalBytes) : 0 }
    }
    useMonitor.getState().setRequiredBytes(need)
  }, [engine, probe, catalog, installed])
}
