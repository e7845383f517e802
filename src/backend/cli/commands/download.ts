import type { DownloadItem } from '../../../shared/downloads'
import { percentDone } from '../../../shared/downloads-plain'
import { AppError } from '../../../shared/errors'
import { formatBytes } from '../../../shared/format'
import { jsonOption, type Command } from '../command'
import { modelAndQuant, openCliModelFiles, timeLeft } from '../model-files-option'
import { ProgressLine } from '../progress-line'

const usage = 'Usage: exaone-desktop download <model> <precision> [--accept-licence] [--json], e.g. download exaone-4.0-1.2b Q4_K_M'

export const download: Command = {
  summary: 'Download a model at one precision, verified by sha256; resumes where it stopped',
  help: `${usage}

Fetches every file of the model at that precision from Hugging Face into the models folder, at the commit
"main" points at when it starts, and checks each file's sha256 before it counts as installed. Interrupted
(Ctrl-C, a crash, a lost connection), it carries on from the bytes already on disk: run the same command again.
Progress goes to stderr; the installed file's path to stdout. Exits 0 only once the files are verified.
  --accept-licence  accept the model's licence; needed the first time (the licence is named and linked)
  --json            print the installed model (files, sha256, commit) as JSON instead of its path
Hugging Face: the mirror and token saved in Settings ("config set huggingFaceEndpoint URL"), else the environment: HF_ENDPOINT (a mirror, e.g. https://hf-mirror.com), HF_TOKEN (for gated repos).`,
  options: { 'accept-licence': { type: 'boolean' }, ...jsonOption },
  async run(values, positionals) {
    const { model, quant } = modelAndQuant(positionals, usage)
    const files = await openCliModelFiles()
    const licence = await files.licences.status(model.id)
    if (!licence.acceptedAt) {
      const kind = licence.commercialUse ? 'commercial use allowed' : 'non-commercial: research and education only'
      if (values['accept-licence'] !== true) {
        console.error(`${model.name} comes under the ${licence.licenceName} (${kind}).\nRead it at ${licence.url}\nTo accept it and download, run the command again with --accept-licence.`)
        return 2
      }
      await files.licences.accept(model.id)
      console.error(`Accepted the ${licence.licenceName} for ${model.name} (${kind}).`)
    }
    const installed = await files.library.find(model.id, quant.id)
    if (installed?.check === 'verified') {
      console.error(`${model.name} ${quant.id} is already installed and verified.`)
      console.log(values.json ? JSON.stringify(installed, null, 2) : installed.path)
      return 0
    }
    if (installed) {
      console.error(`${model.name} ${quant.id} is already installed, but ${checkWords[installed.check]}.\nTo download it afresh: exaone-desktop delete ${model.id} ${quant.id}, then run this command again.`)
      return 1
    }
    const item = await files.downloads.start(model.id, quant.id)
    const progress = new ProgressLine()
    files.hub.on('downloads:changed', (items) => {
      const current = items.find((candidate) => candidate.id === item.id)
      if (current) progress.show(describe(current), current.state !== 'downloading')
    })
    const stop = (): void => {
      void files.downloads.pause(item.id).then(() => {
        progress.end()
        console.error('Paused. Run the same command again to carry on from here.')
        process.exit(130)
      })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      await files.downloads.finished(item.id)
    } catch (error) {
      progress.end()
      throw error
    }
    progress.end()
    const done = await files.library.find(model.id, quant.id)
    if (!done) throw new AppError({ code: 'internal', message: 'The download finished but the library has no record of it.' })
    console.error(`Installed and verified: ${model.name} ${quant.id}, ${formatBytes(done.sizeBytes)}.`)
    console.log(values.json ? JSON.stringify(done, null, 2) : done.path)
    return 0
  }
}

const checkWords = {
  verified: 'verified',
  unverified: 'it was imported and Hugging Face lists no checksum to verify it against',
  mismatch: 'its bytes no longer match their checksum',
  missing: 'a file is missing'
} as const

function describe(item: DownloadItem): string {
  const name = `${item.modelName} ${item.quantId}`
  const part = item.fileCount > 1 ? ` (part ${item.fileIndex + 1} of ${item.fileCount})` : ''
  const amount = item.totalBytes ? `${percentDone(item)}% · ${formatBytes(item.receivedBytes)} of ${formatBytes(item.totalBytes)}` : ''
  switch (item.state) {
    case 'queued':
      return `${name}: waiting for another download to finish`
    case 'preparing':
      return `${name}: asking Hugging Face for the files`
    case 'checking':
      return `${name}: checking the ${formatBytes(item.receivedBytes)} already downloaded`
    case 'retrying': {
      const reason = { network: 'connection lost', server: 'server error', 'rate-limited': 'rate limited', stalled: 'stalled', 'link-expired': 'link expired' }[item.retry?.reason ?? 'network']
      return `${name}: ${reason}, retrying in ${Math.ceil(item.retry?.inSeconds ?? 0)} s (attempt ${item.retry?.attempt ?? 1})`
    }
    case 'verifying':
      return `${name}${part}: verifying`
    case 'paused':
      return `${name}: paused at ${amount}`
    case 'failed':
      return `${name}: failed`
    case 'downloading': {
      const speed = item.bytesPerSecond ? ` · ${formatBytes(item.bytesPerSecond)}/s` : ''
      const left = item.secondsLeft !== null ? ` · ${timeLeft(item.secondsLeft)}` : ''
      return `Downloading ${name}${part}: ${amount}${speed}${left}`
    }
  }
}
