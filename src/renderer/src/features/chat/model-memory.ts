import { useEffect } from 'react'
import { loadedModel } from '../../../../shared/engine-plain'
import { ramMarginBytes, vramMarginBytes } from '../../../../shared/fit/budget'
import type { RequiredMemory } from '../../../../shared/monitor-plain'
import { useEngine } from '../../stores/engine'
import { useHardware } from '../../stores/hardware'
import { useMonitor } from '../../stores/monitor'

/**
 * Tells the memory warning what the model needs: while it loads, the whole of it (what the backend's fit advisor
 * computed, carried in the engine state); once it runs, the headroom that keeps it from swapping (another program
 * taking memory slows every token).
 */
export function useModelMemoryNeed(): void {
  const engine = useEngine((state) => state.state)
  const probe = useHardware((state) => state.probe)

  useEffect(() => {
    const model = loadedModel(engine)
    let need: RequiredMemory | null = null
    if (engine.status === 'loading') {
      need = engine.memory
    } else if (model && probe) {
      const gpu = probe.gpus.find((each) => each.backend !== null && !each.unifiedMemory)
      need = { ramBytes: ramMarginBytes(probe.ram.totalBytes), vramBytes: model.gpuLayers > 0 && gpu ? vramMarginBytes(gpu.vramTotalBytes) : 0 }
    }
    useMonitor.getState().setRequiredBytes(need)
  }, [engine, probe])
}
