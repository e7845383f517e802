/** licences.json: which model licences the person accepted, when, and which licence text it was. */
import { z } from 'zod'
import { resolveModel } from '../../../shared/catalog/catalog'
import { requireModelById } from '../../../shared/catalog/lookup'
import { models } from '../../../shared/catalog/models'
import type { LicenceStatus } from '../../../shared/downloads'
import { AppError } from '../../../shared/errors'
import { readJsonFile, writeFileAtomic } from '../../json-file'

const LicencesFile = z.object({
  version: z.literal(1),
  accepted: z.record(z.string(), z.object({ licence: z.string(), acceptedAt: z.string() }))
})
type LicencesFile = z.infer<typeof LicencesFile>

export class LicenceStore {
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly path: string) {}

  async status(modelId: string): Promise<LicenceStatus> {
    const entry = requireModelById(models, modelId)
    const accepted = (await this.read()).accepted[modelId]
    // A new licence text (another name) must be accepted again.
    const acceptedAt = accepted?.licence === entry.licence.name ? accepted.acceptedAt : null
    return {
      modelId,
      modelName: entry.name,
      licenceName: entry.licence.name,
      url: resolveModel(entry).licence.url,
      commercialUse: entry.licence.commercialUse,
      acceptedAt
    }
  }

  async accept(modelId: string): Promise<LicenceStatus> {
    const entry = requireModelById(models, modelId)
    const write = this.writes.catch(() => undefined).then(async () => {
      const file = await this.read()
      file.accepted[modelId] = { licence: entry.licence.name, acceptedAt: new Date().toISOString() }
      await writeFileAtomic(this.path, JSON.stringify(file, null, 2) + '\n')
    })
    this.writes = write
    await write
    return this.status(modelId)
  }

  /** Throws `licence-required`, which the window turns into the licence dialog. */
  async requireAccepted(modelId: string): Promise<void> {
    const status = await this.status(modelId)
    if (status.acceptedAt) return
    throw new AppError({
      code: 'licence-required',
      message: `${status.modelName} comes under the ${status.licenceName}${status.commercialUse ? '' : ' (non-commercial: research and education only)'}. Read and accept it before the first download.`,
      hint: `The licence: ${status.url}`
    })
  }

  private read(): Promise<LicencesFile> {
    return readJsonFile(this.path, LicencesFile, { version: 1, accepted: {} })
  }
}

