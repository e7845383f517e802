import { describe, expect, it } from 'vitest'
import { displayName, looksIntegrated, nameOverlap, vendorOf } from '../../../../src/backend/services/hardware/gpu-identity'

describe('telling GPUs apart by name', () => {
  it.each([
    [['NVIDIA Corporation', 'GA106 [GeForce RTX 3060]'], 'nvidia'],
    [['Advanced Micro Devices, Inc. [AMD/ATI]'], 'amd'],
    [['AMD Radeon RX 6800 XT (RADV NAVI21)'], 'amd'],
    [['Intel Corporation'], 'intel'],
    [['', '0x8086'], 'intel'],
    [['Apple', 'Apple M2 Pro'], 'apple'],
    [['Moore Threads', 'MTT S80'], 'other']
  ] as const)('%j is %s', (texts, vendor) => {
    expect(vendorOf(...texts)).toBe(vendor)
  })

  it.each([
    ['GA106 [GeForce RTX 3060 Lite Hash Rate]', 'nvidia', 'NVIDIA GeForce RTX 3060 Lite Hash Rate'],
    ['Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', 'amd', 'AMD Radeon RX 6800/6800 XT / 6900 XT'],
    ['Intel(R) Iris(R) Xe Graphics (ADL GT2)', 'intel', 'Intel Iris Xe Graphics'],
    ['AMD Radeon RX 6800 XT (RADV NAVI21)', 'amd', 'AMD Radeon RX 6800 XT'],
    ['NVIDIA GeForce RTX 4070', 'nvidia', 'NVIDIA GeForce RTX 4070'],
    ['Apple M2 Pro', 'apple', 'Apple M2 Pro']
  ] as const)('%s reads as %s', (raw, vendor, expected) => {
    expect(displayName(raw, vendor)).toBe(expected)
  })

  it('matches names by their distinctive words, not the brand', () => {
    expect(nameOverlap('Alder Lake-P GT2 [Iris Xe Graphics]', 'Intel(R) Iris(R) Xe Graphics (ADL GT2)')).toBe(3)
    expect(nameOverlap('NVIDIA GeForce RTX 3060', 'NVIDIA GeForce GTX 1080')).toBe(0)
  })

  it.each([
    ['intel', 'Alder Lake-P GT2 [Iris Xe Graphics]', true],
    ['intel', 'Meteor Lake-P [Intel Arc Graphics]', true],
    ['intel', 'DG2 [Arc A770]', false],
    ['amd', 'Rembrandt [Radeon 680M]', true],
    ['amd', 'Phoenix1', true],
    ['amd', 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', false],
    ['nvidia', 'GA107M [GeForce RTX 3050 Mobile]', false],
    ['apple', 'Apple M1', true]
  ] as const)('%s %s shares system memory: %s', (vendor, name, integrated) => {
    expect(looksIntegrated(vendor, [name], false)).toBe(integrated)
  })
})
