/**
 * The library: what is installed in the models folder, with sizes, checks and dates; deleting, showing,
 * importing, re-verifying, and moving the whole folder. Every change is announced as `library:changed`.
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { modelById } from '../../../shared/catalog/lookup'
import { resolveModel, type CatalogModel } from '../../../shared/catalog/catalog'
import { models, type ModelEntry } from '../../../shared/catalog/models'
import { AppError } from '../../../shared/errors'
import { CustomModel, type InstalledQuant, type LibraryProgress, type LibrarySnapshot } from '../../../shared/library'
import type { EventHub } from '../../event-hub'
import { diskSpace } from './disk-space'
import { importGguf } from './import-gguf'
import { LibraryRecords, sameQuant, type InstalledRecord } from './library-records'
import { moveFolderContents } from './move-folder'
import { partSuffix, type ModelsFolder } from './models-folder'
import { sha256File } from './sha256-file'

export interface LibraryServiceOptions {
  folder: ModelsFolder
  events?: EventHub
  /** Electron's shell.showItemInFolder; without it the window shows the path instead. */
  showInFolder?: (path: string) => void
  /** Records the folder after a move (settings.json). */
  rememberFolder?: (folder: string) => Promise<void>
  /** True while downloads are writing into the folder: it must not move then. */
  downloadsBusy?: () => boolean
  /** The catalog's entry for a model, with Hugging Face's sizes and sha256 where a listing is cached; else the built-in figures. */
  catalogModel?: (model: ModelEntry) => Promise<CatalogModel>
}

type Key = { modelId: string; quantId: string }
export type NewRecord = Omit<InstalledRecord, 'installedAt' | 'lastUsedAt' | 'checkedAt'>

export class LibraryService {
  readonly records: LibraryRecords

  constructor(private readonly options: LibraryServiceOptions) {
    this.records = new LibraryRecords(options.folder)
  }

  get folder(): ModelsFolder {
    return this.options.folder
  }

  async snapshot(): Promise<LibrarySnapshot> {
    const installed = await Promise.all((await this.records.all()).map((record) => this.present(record)))
    const [partialBytes, space] = await Promise.all([this.partialBytes(), diskSpace(this.folder.path).catch(() => null)])
    return {
      folder: this.folder.path,
      installed,
      installedBytes: installed.reduce((total, quant) => total + quant.sizeBytes, 0),
      partialBytes,
      freeBytes: space?.freeBytes ?? null,
      volume: space?.volume ?? null
    }
  }

  async find(modelId: string, quantId: string): Promise<InstalledQuant | null> {
    const record = await this.records.find({ modelId, quantId })
    return record ? this.present(record) : null
  }

  /** Called once every file is in place and verified. */
  async install(record: NewRecord): Promise<InstalledQuant> {
    const now = new Date().toISOString()
    const full: InstalledRecord = { ...record, installedAt: now, lastUsedAt: null, checkedAt: now }
    await this.records.change((records) => [...records.filter((other) => !sameQuant(other, record)), full])
    await this.changed()
    return this.present(full)
  }

  /** The inference engine calls this when it loads a model. */
  async markUsed(key: Key): Promise<void> {
    await this.records.change((records) => records.map((record) => (sameQuant(record, key) ? { ...record, lastUsedAt: new Date().toISOString() } : record)))
    await this.changed()
  }

  async delete(key: Key): Promise<LibrarySnapshot> {
    const record = await this.require(key)
    // `folder.file` refuses names that would reach outside the models folder.
    for (const file of record.files) await rm(this.folder.file(file.name), { force: true })
    await this.records.change((records) => records.filter((other) => !sameQuant(other, key)))
    return this.changed()
  }

  async show(key: Key): Promise<{ path: string; shown: boolean }> {
    const record = await this.require(key)
    const path = this.folder.file(record.files[0]?.name ?? '')
    this.options.showInFolder?.(path)
    return { path, shown: this.options.showInFolder !== undefined }
  }

  catalogModel(model: ModelEntry): Promise<CatalogModel> {
    return this.options.catalogModel?.(model) ?? Promise.resolve(resolveModel(model))
  }

  progress(progress: LibraryProgress): void {
    this.options.events?.emit('library:progress', progress)
  }

  private readonly imports = new Set<AbortController>()

  async import(path: string, move: boolean): Promise<InstalledQuant> {
    const running = new AbortController()
    this.imports.add(running)
    try {
      return await importGguf(this, path, move, running.signal)
    } finally {
      this.imports.delete(running)
    }
  }

  /** Stops every import running now (each undoes what it did); how many there were. */
  cancelImports(): number {
    const running = [...this.imports]
    for (const controller of running) controller.abort()
    return running.length
  }

  /** Re-reads installed files (all, or one quantisation) and compares them with their recorded sha256. */
  async verify(key: Partial<Key> = {}): Promise<InstalledQuant[]> {
    const chosen = (await this.records.all()).filter((record) => (!key.modelId || record.modelId === key.modelId) && (!key.quantId || record.quantId === key.quantId))
    if (key.modelId && key.quantId && chosen.length === 0) await this.require(key as Key)
    const checked: InstalledRecord[] = []
    for (const record of chosen) {
      let check: InstalledRecord['check'] = record.officialChecksum ? 'verified' : 'unverified'
      for (const file of record.files) {
        const actual = await sha256File(this.folder.file(file.name)).catch(() => null)
        if (actual === null) check = 'missing'
        else if (actual !== file.sha256 && check !== 'missing') check = 'mismatch'
      }
      checked.push({ ...record, check, checkedAt: new Date().toISOString() })
    }
    await this.records.change((records) => records.map((record) => checked.find((done) => sameQuant(done, record)) ?? record))
    await this.changed()
    return Promise.all(checked.map((record) => this.present(record)))
  }

  async move(to: string): Promise<LibrarySnapshot> {
    if (this.options.downloadsBusy?.()) {
      throw new AppError({ code: 'busy', message: 'The models folder cannot move while downloads are running.', hint: 'Pause the downloads, move the folder, then resume them.' })
    }
    const destination = await moveFolderContents(this.folder.path, to, (progress) => this.progress(progress))
    this.folder.moveTo(destination)
    await this.options.rememberFolder?.(destination)
    return this.changed()
  }

  async changed(): Promise<LibrarySnapshot> {
    const snapshot = await this.snapshot()
    this.options.events?.emit('library:changed', snapshot)
    return snapshot
  }

  private async require(key: Key): Promise<InstalledRecord> {
    const record = await this.records.find(key)
    if (record) return record
    throw new AppError({ code: 'not-found', message: `${modelName(key.modelId)} ${key.quantId} is not installed.`, hint: 'The Library page and "exaone-desktop list" show what is installed.' })
  }

  private async present(record: InstalledRecord): Promise<InstalledQuant> {
    const present = await Promise.all(record.files.map((file) => stat(this.folder.file(file.name)).then(() => true, () => false)))
    return {
      modelId: record.modelId,
      modelName: record.custom?.name ?? modelName(record.modelId),
      quantId: record.quantId,
      // zod leaves the name out: modelName carries it.
      custom: record.custom ? CustomModel.parse(record.custom) : null,
      files: record.files,
      sizeBytes: record.files.reduce((total, file) => total + file.sizeBytes, 0),
      path: this.folder.file(record.files[0]?.name ?? ''),
      source: record.source,
      revision: record.revision,
      installedAt: record.installedAt,
      lastUsedAt: record.lastUsedAt,
      check: present.every(Boolean) ? record.check : 'missing',
      checkedAt: record.checkedAt
    }
  }

  private async partialBytes(): Promise<number> {
    const names = (await readdir(this.folder.path).catch(() => [] as string[])).filter((name) => name.endsWith(partSuffix))
    const sizes = await Promise.all(names.map((name) => stat(this.folder.file(name)).then((info) => info.size, () => 0)))
    return sizes.reduce((total, size) => total + size, 0)
  }
}

const modelName = (modelId: string): string => modelById(models, modelId)?.name ?? modelId
