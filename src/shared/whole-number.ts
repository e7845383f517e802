import { z } from 'zod'

/** A whole number within limits, refused in English that names the field: "GPU layers must be at most 1000." */
export const wholeNumber = (name: string, { min, max }: { min: number; max: number }) =>
  z
    .number({ message: `${name} must be a whole number from ${min} to ${max}.` })
    .int(`${name} must be a whole number from ${min} to ${max}.`)
    .min(min, `${name} must be at least ${min}.`)
    .max(max, `${name} must be at most ${max}.`)
