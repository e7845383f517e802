import { describe, expect, it } from 'vitest'
import { parameterCount, resolveCatalog, resolveModel, type RepoListing } from '../../../src/shared/catalog/catalog'
import { findModel, findQuant } from '../../../src/shared/catalog/lookup'
import { models } from '../../../src/shared/catalog/models'
import { quantIds, quantisations } from '../../../src/shared/catalog/quantisations'

const entry = (id: string) => models.find((model) => model.id === id)!
const offline = resolveCatalog(new Map(), { source: 'built-in', checkedAt: null, checking: false, problem: null })

describe('the EXAONE catalog', () => {
  it('has every official GGUF repo once, with a stable id, a licence and the six precisions', () => {
    expect(models.map((model) => model.id)).toEqual([
      'exaone-4.0-1.2b', 'exaone-4.0-32b', 'exaone-4.5-33b', 'exaone-deep-2.4b', 'exaone-3.5-2.4b',
      'exaone-deep-7.8b', 'exaone-3.5-7.8b', 'exaone-deep-32b', 'exaone-3.5-32b', 'k-exaone-236b-a23b'
    ])
    for (const model of offline.models) {
      expect(model.repo).toMatch(/^LGAI-EXAONE\/[\w.-]+-GGUF$/)
      expect(model.licence.url).toBe(`https://huggingface.co/${model.repo}/blob/main/LICENSE`)
      expect(model.quants.map((quant) => quant.id)).toEqual([...quantIds])
      expect(model.quants.every((quant) => quant.inRepo === null && quant.sizeSource !== 'exact')).toBe(true)
    }
    expect(offline.models.filter((model) => model.licence.commercialUse).map((model) => model.id)).toEqual(['k-exaone-236b-a23b'])
    expect(offline.models.find((model) => model.id === 'exaone-4.5-33b')?.imageProjector?.name).toBe('mmproj-EXAONE-4.5-33B-BF16.gguf')
  })

  it('derives parameter counts from the architecture that match the published sizes', () => {
    expect(parameterCount(entry('exaone-4.0-1.2b')).total / 1e9).toBeCloseTo(1.28, 2)
    expect(parameterCount(entry('exaone-4.0-32b')).total / 1e9).toBeCloseTo(32.0, 1)
    expect(parameterCount(entry('exaone-3.5-7.8b')).total / 1e9).toBeCloseTo(7.82, 2)
    // The 2.4B name counts tied embeddings; LG's GGUF files hold both matrices (Q8_0 2.84 GB = 2.67B x 8.5 bits).
    expect(parameterCount(entry('exaone-3.5-2.4b')).total / 1e9).toBeCloseTo(2.67, 2)
    expect(parameterCount(entry('k-exaone-236b-a23b'))).toEqual({ total: 236e9, active: 23e9 })
  })

  it('computes sizes from parameters x bits per weight within 4% of every size Hugging Face lists', () => {
    for (const id of ['exaone-4.0-32b', 'exaone-3.5-2.4b']) {
      const model = entry(id)
      for (const quant of quantIds) {
        const listed = model.knownSizes[quant]!.bytes.reduce((a, b) => a + b, 0)
        const computed = (parameterCount(model).total * quantisations[quant].bitsPerWeight) / 8
        expect(Math.abs(computed / listed - 1), `${id} ${quant}`).toBeLessThan(0.04)
      }
    }
  })

  it('names files as LG does, split into parts over 50 GB, and marks how each size is known', () => {
    const small = offline.models.find((model) => model.id === 'exaone-4.0-1.2b')!
    const q8 = small.quants.find((quant) => quant.id === 'Q8_0')!
    expect(q8).toMatchObject({ sizeBytes: 1_363_939_616, sizeSource: 'reported', files: [{ name: 'EXAONE-4.0-1.2B-Q8_0.gguf', sha256: 'cc0b2a3f447e134cafd2853104d06227122cc280f4c9fee8c90172066174ef04' }] })
    expect(small.quants.find((quant) => quant.id === 'BF16')).toMatchObject({ sizeSource: 'computed' })
    const bf16 = offline.models.find((model) => model.id === 'exaone-3.5-32b')!.quants[0]!
    expect(bf16.files.map((file) => [file.name, file.sizeBytes])).toEqual([
      ['EXAONE-3.5-32B-Instruct-BF16-00001-of-00002.gguf', 33e9],
      ['EXAONE-3.5-32B-Instruct-BF16-00002-of-00002.gguf', 31e9]
    ])
    const k = offline.models.find((model) => model.id === 'k-exaone-236b-a23b')!.quants[0]!
    expect(k.files).toHaveLength(10)
    expect(k.files[0]!.name).toBe('K-EXAONE-236B-A23B-BF16-00001-of-00010.gguf')
  })

  it('takes exact sizes and sha256 from a repo listing, and notices precisions the repo lacks', () => {
    const listing: RepoListing = {
      revision: 'abc123',
      fetchedAt: '2025-07-20T00:00:00.000Z',
      files: [
        { path: 'EXAONE-4.5-33B-Q4_K_M.gguf', sizeBytes: 20_000_000_001, sha256: 'aa' },
        { path: 'EXAONE-4.5-33B-BF16-00002-of-00002.gguf', sizeBytes: 30e9, sha256: 'cc' },
        { path: 'EXAONE-4.5-33B-BF16-00001-of-00002.gguf', sizeBytes: 35e9, sha256: 'bb' },
        { path: 'mmproj-EXAONE-4.5-33B-BF16.gguf', sizeBytes: 1_800_000_000, sha256: 'dd' },
        { path: 'README.md', sizeBytes: 10, sha256: null }
      ]
    }
    const model = resolveModel(entry('exaone-4.5-33b'), listing)
    expect(model.revision).toBe('abc123')
    expect(model.imageProjector).toEqual({ name: 'mmproj-EXAONE-4.5-33B-BF16.gguf', sizeBytes: 1_800_000_000 })
    expect(model.quants.find((quant) => quant.id === 'Q4_K_M')).toMatchObject({ sizeBytes: 20_000_000_001, sizeSource: 'exact', inRepo: true })
    expect(model.quants.find((quant) => quant.id === 'BF16')).toMatchObject({
      sizeBytes: 65e9,
      files: [{ name: 'EXAONE-4.5-33B-BF16-00001-of-00002.gguf', sha256: 'bb' }, { name: 'EXAONE-4.5-33B-BF16-00002-of-00002.gguf', sha256: 'cc' }]
    })
    expect(model.quants.find((quant) => quant.id === 'IQ4_XS')).toMatchObject({ inRepo: false, sizeSource: 'computed' })
  })

  it('finds models and precisions however they are typed, and lists the choices when it cannot', () => {
    expect(findModel(offline.models, 'EXAONE-4.0-1.2B').id).toBe('exaone-4.0-1.2b')
    expect(findModel(offline.models, 'exaone 3.5 7.8b instruct').id).toBe('exaone-3.5-7.8b')
    expect(findModel(offline.models, 'LGAI-EXAONE/EXAONE-Deep-32B-GGUF').id).toBe('exaone-deep-32b')
    expect(() => findModel(offline.models, 'exaone-5')).toThrow(/no EXAONE model called "exaone-5"/)
    const model = offline.models[0]!
    expect(findQuant(model, 'q4_k_m').id).toBe('Q4_K_M')
    expect(findQuant(model, 'iq4-xs').id).toBe('IQ4_XS')
    expect(() => findQuant(model, 'q3_k_s')).toThrow(expect.objectContaining({ hint: expect.stringContaining('BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, IQ4_XS') }))
  })
})
