/** The cloud plan's Connect: what it hands the add-engine form, which the form's own address check accepts. */
import { describe, expect, it, vi } from 'vitest'
import { resolveCatalog } from '../../../../src/shared/catalog/catalog'
import { connectPrefill, planCloud } from '../../../../src/shared/cloud-plan'
import { RemoteEngineInput } from '../../../../src/shared/remote-engines'

// No window in Node: navigation writes the page into this stand-in for location.
vi.stubGlobal('location', { hash: '' })
const { openAddEngine, takeAddEnginePrefill } = await import('../../../../src/renderer/src/stores/add-engine-intent')

const catalog = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })

describe('Connect from the cloud plan', () => {
  it.each([['exaone-4.0-32b', 'BF16', 8000], ['k-exaone-236b-a23b', 'Q4_K_M', 8080]] as const)('%s %s opens Settings with a name and an address the form accepts', (modelId, quantId, port) => {
    const model = catalog.models.find((item) => item.id === modelId)!
    const plan = planCloud(model, model.quants.find((quant) => quant.id === quantId)!, 8192)
    const option = plan.options[0]!
    openAddEngine(connectPrefill(model, plan, option))
    expect(location.hash).toBe('/settings')
    const prefill = takeAddEnginePrefill()
    expect(prefill).toEqual({ name: `${model.name} · ${option.offer.provider}`, baseUrl: `http://your-server:${port}/v1` })
    expect(RemoteEngineInput.safeParse(prefill).success).toBe(true)
    expect(takeAddEnginePrefill()).toBeNull()
  })
})
