/** `GET /v1/models`: every installed model as `<model>:<precision>`, its context lengths, and whether it is loaded. */
import type { EngineState } from '../../shared/engine'
import { loadedModel } from '../../shared/engine-plain'
import type { InstalledQuant } from '../../shared/library'
import { modelReference, trainedContextOf } from '../../shared/library-plain'
import type { ModelList } from '../../shared/openai/models'

export function modelList(installed: readonly InstalledQuant[], state: EngineState): ModelList {
  const loaded = loadedModel(state)
  return {
    object: 'list',
    data: installed.map((quant) => {
      const isLoaded = loaded?.path === quant.path
      // The file's own trained context once loaded (it is what llama.cpp allows); else the catalog's or its header's.
      const trained = (isLoaded ? loaded.trainedContextSize : trainedContextOf(quant)) ?? 0
      return {
        id: modelReference(quant),
        object: 'model',
        created: Math.floor(Date.parse(quant.installedAt) / 1000),
        owned_by: quant.custom ? 'custom' : 'LG AI Research',
        max_model_len: trained,
        context_length: trained,
        loaded: isLoaded,
        loaded_context_length: isLoaded ? loaded.contextSize : null
      }
    })
  }
}
