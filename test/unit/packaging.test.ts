/**
 * Packaging needs the Electron zip and runs on a release machine; here the configuration is checked with
 * electron-builder's own validator, and against what the double-click app needs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { fusesFor } from '../../scripts/electron-fuses'

const require = createRequire(import.meta.url)
const config = JSON.parse(readFileSync('electron-builder.json', 'utf8')) as Record<string, unknown> & {
  asarUnpack: string[]
  files: string[]
  linux: { target: string[] }
  win: { target: string[] }
  mac: { target: string[] }
  electronFuses: Record<string, boolean>
}

async function validate(candidate: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> }
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
  await validateConfiguration(candidate, new DebugLogger(false))
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema (which rejects unknown keys)", async () => {
    await expect(validate(config)).resolves.toBeUndefined()
    await expect(validate({ ...config, asarUnpak: [] })).rejects.toThrow(/asarUnpak/)
  })

  it('builds AppImage and deb, nsis and dmg from the built output only', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.files).toContain('out/**/*')
    expect(config.files.some((pattern) => pattern.startsWith('src'))).toBe(false)
  })

  it("unpacks node-llama-cpp's native binaries from the asar and does not rebuild them (N-API)", () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/node-llama-cpp/bins/**/*', 'node_modules/@node-llama-cpp/**/*']))
    expect(config.npmRebuild).toBe(false)
  })

  it('flips the Electron fuses that close side doors into the packaged app (names checked against the schema)', async () => {
    expect(config.electronFuses).toEqual({
      // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for anyone; our workers use utilityProcess.
      // Linux and Windows builds still turn it on for node-llama-cpp: see scripts/electron-fuses.ts.
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The page is served from app://, so file:// needs nothing beyond what a browser gives it.
      grantFileProtocolExtraPrivileges: false
    })
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } }
    }
    for (const name of Object.keys(config.electronFuses)) expect(scheme.definitions.FuseOptionsV1.properties[name]?.type, name).toBe('boolean')
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } })).rejects.toThrow(/electronFuses/)
  })

  it('keeps RunAsNode on only where node-llama-cpp forks Electron as Node to check its binary (Linux, Windows)', async () => {
    expect(fusesFor('darwin', config.electronFuses)).toEqual(config.electronFuses)
    for (const platform of ['linux', 'win32'] as const) {
      expect(fusesFor(platform, config.electronFuses)).toEqual({ ...config.electronFuses, runAsNode: true })
    }
    // The reason, in node-llama-cpp's own code: if a new version stops checking, this fails and the fuse can go off everywhere.
    const getLlama = readFileSync(require.resolve('node-llama-cpp').replace(/index\.js$/, 'bindings/getLlama.js'), 'utf8')
    expect(getLlama).toMatch(/function getShouldTestBinaryBeforeLoading[\s\S]*platform === "linux"[\s\S]*platform === "win"/)
    const testBinary = readFileSync(require.resolve('node-llama-cpp').replace(/index\.js$/, 'bindings/utils/testBindingBinary.js'), 'utf8')
    expect(testBinary).toMatch(/import \{ fork \} from "node:child_process"/)
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      await expect(validate({ ...config, electronFuses: fusesFor(platform, config.electronFuses) })).resolves.toBeUndefined()
    }
  })

  it('has an app icon of at least 512 px', () => {
    const icon = readFileSync(config.icon as string)
    expect(icon.subarray(1, 4).toString()).toBe('PNG')
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(icon.readUInt32BE(20)).toBeGreaterThanOrEqual(512)
    expect(existsSync('resources/icon.svg')).toBe(true)
  })

  it('keeps node-llama-cpp pinned exactly (3.22 breaks npm ci on the build machines)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
    expect(pkg.dependencies['node-llama-cpp']).toBe('3.21.1')
  })
})
