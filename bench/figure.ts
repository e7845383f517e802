/** One measured figure; a ratio names the figure of the same run it was measured against. */
export interface Figure {
  name: string
  value: number
  unit: string
  baseline?: string
}
