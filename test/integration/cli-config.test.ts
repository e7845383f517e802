// `config get | set` over the settings file the window reads: values checked as the window's are, in a temp data
// folder, through the command object (a process start costs seconds; the settings file is the real one).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commands } from '../../src/backend/cli/commands'
import { EventHub } from '../../src/backend/event-hub'
import { SettingsStore } from '../../src/backend/services/settings-store'

let home: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'exaone-cli-config-'))
  vi.stubEnv('EXAONE_DESKTOP_HOME', home)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(home, { recursive: true, force: true })
})

async function config(...args: string[]): Promise<{ stdout: string; error?: Error & { code?: string; hint?: string } }> {
  const command = commands.config!
  const { values, positionals } = parseArgs({ args, options: command.options, allowPositionals: true })
  const printed: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text))
  const warn = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    await command.run(values, positionals)
    return { stdout: printed.join('\n') }
  } catch (error) {
    return { stdout: printed.join('\n'), error: error as Error }
  } finally {
    log.mockRestore()
    warn.mockRestore()
  }
}

const saved = async (): Promise<Record<string, unknown>> => JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as Record<string, unknown>

describe('config', () => {
  it('sets what the window reads, in the same file, numbers as numbers and auto as auto', async () => {
    expect((await config('set', 'huggingFaceEndpoint', 'https://hf-mirror.com/')).error).toBeUndefined()
    expect((await config('set', 'threads', '6')).error).toBeUndefined()
    expect((await config('set', 'gpuLayers', 'auto')).error).toBeUndefined()
    expect((await config('set', 'kvCacheType', 'q8_0')).error).toBeUndefined()
    expect(await saved()).toMatchObject({ huggingFaceEndpoint: 'https://hf-mirror.com', threads: 6, gpuLayers: 'auto', kvCacheType: 'q8_0' })
    // The window's backend reads the same file.
    expect(await new SettingsStore(join(home, 'settings.json'), new EventHub()).get()).toMatchObject({ huggingFaceEndpoint: 'https://hf-mirror.com', threads: 6 })
    expect((await config('get', 'threads')).stdout).toBe('6')
    expect(JSON.parse((await config('get', '--json')).stdout)).toMatchObject({ threads: 6, contextTokens: 8192, locale: 'system' })
  })

  it('shows the token masked', async () => {
    await config('set', 'huggingFaceToken', 'hf_abcdefghijkl')
    expect((await saved()).huggingFaceToken).toBe('hf_abcdefghijkl')
    expect((await config('get', 'huggingFaceToken')).stdout).toBe('hf_…kl')
  })

  it('reaches the running window as settings:changed, and the window’s next change keeps it rather than writing it over', async () => {
    const hub = new EventHub()
    const app = new SettingsStore(join(home, 'settings.json'), hub, { watch: true })
    try {
      await app.get()
      const themes: string[] = []
      const dark = new Promise<void>((resolve) =>
        hub.on('settings:changed', ({ theme }) => {
          themes.push(theme)
          if (theme === 'dark') resolve()
        })
      )
      expect((await config('set', 'theme', 'dark')).error).toBeUndefined()
      await dark
      expect((await app.get()).theme).toBe('dark')
      // Before, the window wrote back the theme it had read at its start, and the CLI's dark was lost.
      await app.update({ locale: 'ko' })
      expect(await saved()).toMatchObject({ theme: 'dark', locale: 'ko' })
      expect(themes).toEqual(['dark', 'dark'])
    } finally {
      app.dispose()
    }
  })

  it('refuses a bad value with the reason, and an unknown key with the keys there are', async () => {
    expect((await config('set', 'threads', 'many')).error).toMatchObject({ code: 'bad-request', message: 'Threads must be "auto" or a whole number from 1 to 256.' })
    expect((await config('set', 'contextTokens', '100')).error).toMatchObject({ message: 'The context must be at least 256.' })
    expect((await config('set', 'huggingFaceEndpoint', 'ftp://mirror')).error?.message).toMatch(/must be a web address starting with https:\/\//)
    expect((await config('set', 'modelFolder', '/tmp/x')).error).toMatchObject({ message: 'There is no setting "modelFolder".', hint: expect.stringContaining('kvCacheType') })
    expect((await config('set', 'modelsFolder', '/tmp/x')).error).toMatchObject({ hint: 'Move it from the Library page in the window.' })
    expect((await config('frobnicate')).error).toMatchObject({ code: 'bad-request', hint: expect.stringContaining('config set KEY VALUE') })
    expect(await saved()).toMatchObject({ threads: 6, contextTokens: 8192 })
  })
})
