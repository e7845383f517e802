/** The precisions LG ships in its GGUF repositories, most precise first. */
export const quantIds = ['BF16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'IQ4_XS'] as const
export type QuantId = (typeof quantIds)[number]

export interface Quantisation {
  /** The group people choose by: 16-bit, 8-bit, ... */
  precisionBits: 16 | 8 | 6 | 5 | 4
  /**
   * Average bits per weight of a whole file in this format (llama.cpp's quantize table, Llama-3.1-8B),
   * used only where no size is known for a file. The K_M mixes keep some tensors at higher precision.
   */
  bitsPerWeight: number
}

export const quantisations: Record<QuantId, Quantisation> = {
  BF16: { precisionBits: 16, bitsPerWeight: 16 },
  Q8_0: { precisionBits: 8, bitsPerWeight: 8.5 },
  Q6_K: { precisionBits: 6, bitsPerWeight: 6.56 },
  Q5_K_M: { precisionBits: 5, bitsPerWeight: 5.7 },
  Q4_K_M: { precisionBits: 4, bitsPerWeight: 4.89 },
  IQ4_XS: { precisionBits: 4, bitsPerWeight: 4.46 }
}

/** Hugging Face splits files over 50 GB into parts that llama.cpp loads from part 1. */
export const splitThresholdBytes = 50e9

/** `exaone-4.0-1.2b q4_k_m`, `Q4_K_M`, `q4-k-m`: people type quant names in many ways. */
export function findQuantId(text: string): QuantId | undefined {
  const wanted = normaliseName(text)
  return quantIds.find((id) => normaliseName(id) === wanted)
}

export function normaliseName(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '')
}
