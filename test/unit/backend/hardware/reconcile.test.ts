import { readdirSync, readFileSync } from 'node:fs'
import type { Systeminformation } from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { LlamaReport } from '../../../../src/backend/services/hardware/probe-child'
import { reconcileGpus } from '../../../../src/backend/services/hardware/reconcile'
import { Gpu } from '../../../../src/shared/hardware'

interface Fixture {
  description: string
  systeminformation: { graphics: Systeminformation.GraphicsData }
  nodeLlamaCpp: unknown
  expected: unknown
}

const folder = new URL('../../../fixtures/hardware/', import.meta.url)
const fixtures = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as Fixture] as const)

const cpuOnly: LlamaReport = {
  supportedGpuTypes: [false],
  gpu: false,
  deviceNames: [],
  vram: { total: 0, used: 0, free: 0, unifiedSize: 0 },
  swap: null,
  warnings: [],
  error: null
}

function controller(fields: Partial<Systeminformation.GraphicsControllerData>): Systeminformation.GraphicsControllerData {
  return { vendor: '', model: '', bus: 'Onboard', vram: null, vramDynamic: false, ...fields }
}

describe('reconciling GPUs from systeminformation and node-llama-cpp', () => {
  it('has a fixture for each kind of machine', () => {
    expect(fixtures.map(([name]) => name).sort()).toEqual([
      'amd-discrete-linux.json',
      'apple-m2-pro.json',
      'intel-igpu-linux.json',
      'laptop-intel-nvidia-linux.json',
      'nvidia-cuda-unusable-linux.json',
      'nvidia-discrete-windows.json'
    ])
  })

  it.each(fixtures)('%s', (_name, fixture) => {
    const gpus = reconcileGpus(fixture.systeminformation.graphics.controllers, LlamaReport.parse(fixture.nodeLlamaCpp))
    expect(gpus).toEqual(fixture.expected)
    for (const gpu of gpus) expect(Gpu.safeParse(gpu).success).toBe(true)
  })

  it('counts a GPU seen by both sources once and keeps every name', () => {
    const [, laptop] = fixtures.find(([name]) => name.startsWith('laptop'))!
    const gpus = reconcileGpus(laptop.systeminformation.graphics.controllers, LlamaReport.parse(laptop.nodeLlamaCpp))
    expect(gpus.filter((gpu) => gpu.vendor === 'nvidia')).toHaveLength(1)
    expect(gpus[0]?.names).toContain('GA107M [GeForce RTX 3050 Mobile]')
    expect(gpus[0]?.names).toContain('NVIDIA GeForce RTX 3050 Laptop GPU')
  })

  it('says why CUDA did not load when its libraries were found', () => {
    const gpus = reconcileGpus([controller({ vendor: 'NVIDIA Corporation', model: 'GA106 [GeForce RTX 3060]', busAddress: '01:00.0', vram: 256 })], {
      ...cpuOnly,
      supportedGpuTypes: ['cuda', false],
      warnings: ['[node-llama-cpp] The prebuilt binary for platform "linux" "x64" with CUDA support is not compatible with the current system, falling back to using no GPU']
    })
    expect(gpus[0]).toMatchObject({ backend: null, unusableCode: 'cuda-failed' })
    expect(gpus[0]?.unusableReason).toMatch(/with CUDA support is not compatible/)
  })

  it('says llama.cpp itself could not start, with its error', () => {
    const gpus = reconcileGpus([controller({ vendor: 'Intel Corporation', model: 'Alder Lake-P GT2 [Iris Xe Graphics]' })], {
      ...cpuOnly,
      gpu: null,
      vram: null,
      error: 'NoBinaryFoundError'
    })
    expect(gpus[0]).toMatchObject({ unusableCode: 'llama-unavailable', unifiedMemory: true, vramTotalBytes: 0 })
    expect(gpus[0]?.unusableReason).toMatch(/NoBinaryFoundError/)
  })

  it('asks for a Vulkan driver for an AMD GPU when none was found', () => {
    const gpus = reconcileGpus([controller({ vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]', model: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', busAddress: '03:00.0', vram: 16384 })], cpuOnly)
    // A resizable PCI window as large as the card's memory is a real figure.
    expect(gpus[0]).toMatchObject({ unusableCode: 'vulkan-driver-missing', vramTotalBytes: 16384 * 1024 * 1024 })
  })

  it('uses each GPU own figure when the backend sums several', () => {
    const card = (bus: string): Systeminformation.GraphicsControllerData =>
      controller({ vendor: 'NVIDIA Corporation', model: 'GA102 [GeForce RTX 3090]', busAddress: bus, vram: 24576, name: 'NVIDIA GeForce RTX 3090', memoryTotal: 24576, memoryFree: 24000, driverVersion: '550.120' })
    const gpus = reconcileGpus([card('01:00.0'), card('02:00.0')], {
      ...cpuOnly,
      supportedGpuTypes: ['cuda', 'vulkan', false],
      gpu: 'cuda',
      deviceNames: ['NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 3090'],
      vram: { total: 2 * 25_769_803_776, used: 1_000_000_000, free: 2 * 25_769_803_776 - 1_000_000_000, unifiedSize: 0 }
    })
    expect(gpus).toHaveLength(2)
    expect(gpus.map((gpu) => [gpu.backend, gpu.vramTotalBytes, gpu.vramFreeBytes])).toEqual([
      ['cuda', 24576 * 1024 * 1024, 24000 * 1024 * 1024],
      ['cuda', 24576 * 1024 * 1024, 24000 * 1024 * 1024]
    ])
  })

  it('leaves out display chips that cannot compute (server BMCs, virtual machines)', () => {
    const gpus = reconcileGpus([controller({ vendor: 'ASPEED Technology, Inc.', model: 'ASPEED Graphics Family', busAddress: '02:00.0', vram: 64 })], cpuOnly)
    expect(gpus).toEqual([])
  })

  it('keeps a GPU only the backend saw (no lspci in a container)', () => {
    const gpus = reconcileGpus(null, {
      ...cpuOnly,
      supportedGpuTypes: ['cuda', false],
      gpu: 'cuda',
      deviceNames: ['NVIDIA H100 80GB HBM3'],
      vram: { total: 85_031_714_816, used: 500_000_000, free: 84_531_714_816, unifiedSize: 0 }
    })
    expect(gpus).toEqual([
      expect.objectContaining({ name: 'NVIDIA H100 80GB HBM3', vendor: 'nvidia', backend: 'cuda', vramTotalBytes: 85_031_714_816, unifiedMemory: false })
    ])
  })

  it('finds no GPU on a machine without one', () => {
    expect(reconcileGpus([], cpuOnly)).toEqual([])
    expect(reconcileGpus(null, { ...cpuOnly, gpu: null, error: 'NoBinaryFoundError' })).toEqual([])
  })
})
