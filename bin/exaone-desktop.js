#!/usr/bin/env node
// The package's command: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error('EXAONE Desktop is not built yet: run "npm run build" in its folder first (or use "npm run cli -- <command>").')
  process.exit(1)
}
await import(cli.href)
