/**
 * `npm run dist`: electron-builder with electron-builder.json, for this machine's OS (each OS builds its own
 * installer), with that OS's fuses (see electron-fuses.ts). Nothing is published.
 */
import { readFileSync } from 'node:fs'
import { build } from 'electron-builder'
import { fusesFor } from './electron-fuses'

const config = JSON.parse(readFileSync(new URL('../electron-builder.json', import.meta.url), 'utf8')) as { electronFuses: Record<string, boolean> }

await build({ config: { ...config, electronFuses: fusesFor(process.platform, config.electronFuses) }, publish: 'never' })
