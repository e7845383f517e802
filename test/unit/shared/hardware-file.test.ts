/** The --hardware file as a person writes it: short GPUs, any case, defaults for the rest, typos refused by path. */
import { describe, expect, it } from 'vitest'
import { models } from '../../../src/shared/catalog/models'
import { resolveModel } from '../../../src/shared/catalog/catalog'
import { evaluateFit } from '../../../src/shared/fit/advisor'
import { parseHardwareProfile, whatIfProfiles } from '../../../src/shared/hardware-profiles'

const GB = 1e9
const written = {
  cpu: { cores: 8 },
  ram: { totalBytes: 32 * GB },
  gpus: [{ name: 'RTX 3060', vendor: 'NVIDIA', vramTotalBytes: 12 * GB, vramFreeBytes: 11 * GB, backend: 'CUDA', unifiedMemory: false }]
}

describe('a hand-written hardware file', () => {
  it('needs only what a person knows; vendor and backend in any case; the rest gets defaults', () => {
    const hardware = parseHardwareProfile(written, 'machine.json')
    expect(hardware.gpus).toEqual([
      { name: 'RTX 3060', names: ['RTX 3060'], vendor: 'nvidia', vramTotalBytes: 12 * GB, vramFreeBytes: 11 * GB, driver: null, backend: 'cuda', unusableReason: null, unusableCode: null, unifiedMemory: false }
    ])
    expect(hardware.ram).toEqual({ totalBytes: 32 * GB, availableBytes: 32 * GB, swapTotalBytes: null, swapFreeBytes: null })
    expect(hardware.cpu).toMatchObject({ cores: 8, threads: 8 })
    expect(hardware.disk).toBeNull()
    // And the fit advisor takes it like a probe.
    const model = resolveModel(models.find((entry) => entry.id === 'exaone-4.0-1.2b')!)
    const quant = model.quants.find((entry) => entry.id === 'Q8_0')!
    expect(evaluateFit({ model, quant, hardware, contextTokens: 8192 }).verdict).toBe('gpu')
  })

  it('gives a GPU without a backend the one its vendor uses, and Apple unified memory', () => {
    const hardware = parseHardwareProfile({ ram: { totalBytes: 16 * GB }, gpus: [{ name: 'M2 Pro', vendor: 'Apple', vramTotalBytes: 12 * GB }, { name: 'Radeon', vendor: 'amd', vramTotalBytes: 8 * GB }, { name: 'Odd', vendor: 'OTHER', vramTotalBytes: 1 * GB }] }, 'm.json')
    expect(hardware.gpus.map((gpu) => [gpu.backend, gpu.unifiedMemory, gpu.unusableCode])).toEqual([
      ['metal', true, null],
      ['vulkan', false, null],
      [null, false, 'unsupported']
    ])
  })

  it('refuses an unknown field by its path, and a wrong value by its place', () => {
    expect(() => parseHardwareProfile({ ...written, gpus: [{ ...written.gpus[0], vramTotal: 1 }] }, 'machine.json')).toThrow(/gpus\.0\.vramTotal: not a field of a hardware description/)
    expect(() => parseHardwareProfile({ ...written, gpus: [{ ...written.gpus[0], vendor: 'Matrox' }] }, 'machine.json')).toThrow(/machine\.json is not a hardware description: gpus\.0\.vendor/)
    expect(() => parseHardwareProfile({ gpus: [] }, 'machine.json')).toThrow(/ram: missing/)
  })

  it('reads every built-in profile, as probe --json would save it, unchanged', () => {
    for (const profile of whatIfProfiles) {
      const expected = { ...profile.hardware, gpus: profile.hardware.gpus.map((gpu) => ({ unusableCode: null, ...gpu })) }
      expect(parseHardwareProfile(JSON.parse(JSON.stringify(profile.hardware)), profile.id), profile.id).toEqual(expected)
    }
  })
})
