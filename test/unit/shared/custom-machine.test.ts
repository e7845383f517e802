/** The Models page's custom machine: the editor's fields become a machine the fit advisor judges like a probe. */
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../../src/shared/catalog/catalog'
import { models } from '../../../src/shared/catalog/models'
import { evaluateFit } from '../../../src/shared/fit/advisor'
import { CustomMachine, customMachineProfile, defaultCustomMachine, findWhatIfProfile, parseHardwareProfile } from '../../../src/shared/hardware-profiles'
import { Settings } from '../../../src/shared/settings'
import { defaultSettings } from '../../../src/shared/settings-plain'

const GiB = 1024 ** 3
const model = resolveModel(models.find((entry) => entry.id === 'exaone-4.0-32b')!)
const q4 = model.quants.find((entry) => entry.id === 'Q4_K_M')!
const verdict = (machine: CustomMachine): string => evaluateFit({ model, quant: q4, hardware: customMachineProfile(machine), contextTokens: 8192 }).verdict

describe('a custom machine', () => {
  it('is as many cards of that memory as asked, with the backend of their vendor', () => {
    const hardware = customMachineProfile({ gpu: 'amd', gpuCount: 2, gpuMemoryGB: 24, ramGB: 64, unifiedMemory: false })
    expect(hardware.gpus.map((gpu) => [gpu.name, gpu.vendor, gpu.backend, gpu.vramTotalBytes, gpu.unifiedMemory])).toEqual([
      ['AMD GPU', 'amd', 'vulkan', 24 * GiB, false],
      ['AMD GPU', 'amd', 'vulkan', 24 * GiB, false]
    ])
    expect(hardware.ram.totalBytes).toBe(64 * GiB)
    expect(customMachineProfile({ ...defaultCustomMachine, gpu: 'nvidia' }).gpus[0]).toMatchObject({ vendor: 'nvidia', backend: 'cuda' })
  })

  it('is judged the way the built-in profile of the same machine is, less the speed it has no bandwidth for', () => {
    const builtIn = findWhatIfProfile('rtx-4090-24gb')!.hardware
    const custom = customMachineProfile({ gpu: 'nvidia', gpuCount: 1, gpuMemoryGB: 24, ramGB: 64, unifiedMemory: false })
    const fit = (hardware: typeof custom) => evaluateFit({ model, quant: q4, hardware, contextTokens: 8192 })
    const figures = ({ verdict, vramBytes, ramBytes, gpuLayers, maxContext, maxContextFullGpu }: ReturnType<typeof fit>) => ({ verdict, vramBytes, ramBytes, gpuLayers, maxContext, maxContextFullGpu })
    expect(figures(fit(custom))).toEqual(figures(fit(builtIn)))
    expect(fit(builtIn).speed).not.toBeNull()
    expect(fit(custom).speed).toBeNull()
  })

  it('follows its numbers: the 32B at Q4_K_M runs on one 24 GB card, partly on a 12 GB one, and not on 8 GB of RAM alone', () => {
    expect(verdict({ gpu: 'nvidia', gpuCount: 1, gpuMemoryGB: 24, ramGB: 64, unifiedMemory: false })).toBe('gpu')
    expect(verdict({ gpu: 'nvidia', gpuCount: 1, gpuMemoryGB: 12, ramGB: 64, unifiedMemory: false })).toBe('partial')
    expect(verdict({ gpu: 'nvidia', gpuCount: 2, gpuMemoryGB: 12, ramGB: 64, unifiedMemory: false })).toBe('gpu')
    expect(verdict({ gpu: 'none', gpuCount: 1, gpuMemoryGB: 24, ramGB: 64, unifiedMemory: false })).toBe('cpu')
    expect(verdict({ gpu: 'none', gpuCount: 1, gpuMemoryGB: 24, ramGB: 8, unifiedMemory: false })).toBe('no-fit')
  })

  it('shares the RAM on Apple silicon, whatever GPU memory the fields held, and on an APU', () => {
    const apple = customMachineProfile({ gpu: 'apple', gpuCount: 3, gpuMemoryGB: 500, ramGB: 32, unifiedMemory: false })
    expect(apple.gpus).toEqual([expect.objectContaining({ vendor: 'apple', backend: 'metal', unifiedMemory: true, vramTotalBytes: Math.round((32 * GiB * 2) / 3) })])
    expect(apple.os.platform).toBe('darwin')
    const apu = customMachineProfile({ gpu: 'amd', gpuCount: 1, gpuMemoryGB: 96, ramGB: 128, unifiedMemory: true })
    expect(apu.gpus).toEqual([expect.objectContaining({ vendor: 'amd', unifiedMemory: true, vramTotalBytes: 96 * GiB, vramFreeBytes: 96 * GiB })])
    expect(customMachineProfile({ ...defaultCustomMachine, gpu: 'none' }).gpus).toEqual([])
  })

  it('refuses what cannot be, naming the field', () => {
    const problems = (value: unknown) => CustomMachine.safeParse(value).error?.issues.map((issue) => [issue.path.join('.'), issue.message])
    expect(problems({ ...defaultCustomMachine, gpuCount: 0, ramGB: 1.5 })).toEqual([
      ['gpuCount', 'The number of GPUs must be at least 1.'],
      ['ramGB', 'The RAM must be a whole number from 1 to 4096.']
    ])
    expect(problems({ ...defaultCustomMachine, gpuMemoryGB: 10_000 })).toEqual([['gpuMemoryGB', 'The GPU memory must be at most 512.']])
    expect(problems({ gpu: 'amd', gpuCount: 2, gpuMemoryGB: 96, ramGB: 64, unifiedMemory: true })).toEqual([
      ['gpuCount', 'A GPU that shares the RAM is the only GPU: set the number of GPUs to 1.'],
      ['gpuMemoryGB', 'A GPU that shares the RAM cannot have more memory than the RAM.']
    ])
    expect(problems({ ...defaultCustomMachine, gpu: 'intel' })?.[0]?.[0]).toBe('gpu')
    // Apple silicon and no GPU have no GPU fields to get wrong.
    expect(problems({ gpu: 'apple', gpuCount: 2, gpuMemoryGB: 96, ramGB: 64, unifiedMemory: true })).toBeUndefined()
  })

  it('is kept in the settings, which refuse a bad one', () => {
    expect(Settings.parse({ ...defaultSettings, customMachine: defaultCustomMachine }).customMachine).toEqual(defaultCustomMachine)
    expect(Settings.safeParse({ ...defaultSettings, customMachine: { ...defaultCustomMachine, ramGB: 0 } }).success).toBe(false)
  })

  it('can be saved as a hardware file and read back unchanged', () => {
    const hardware = customMachineProfile({ gpu: 'nvidia', gpuCount: 2, gpuMemoryGB: 16, ramGB: 64, unifiedMemory: false })
    expect(parseHardwareProfile(JSON.parse(JSON.stringify(hardware)), 'custom.json')).toEqual({ ...hardware, gpus: hardware.gpus.map((gpu) => ({ unusableCode: null, ...gpu })) })
  })
})
