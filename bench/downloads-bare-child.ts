// The simplest Node.js download for bench/downloads.ts, in a fresh process of its own: GET (following redirects),
// sha256 on the way, each socket chunk written at its offset with up to 16 writes in flight, fsync. No queue,
// resume state, progress or checkpoints. Ours against it is what the app adds; it against curl is what Node adds.
// Prints one BareDownload as JSON.
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { get, type IncomingMessage } from 'node:http'

export type BareDownload = { seconds: number; bytes: number; sha256: string }

const [url, output] = process.argv.slice(2) as [string, string]
const began = performance.now()
let response = await request(new URL(url))
while (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) {
  response.resume()
  response = await request(new URL(response.headers.location, url))
}
const file = await open(output, 'w')
const hash = createHash('sha256')
const flying: Array<Promise<unknown>> = []
let bytes = 0
for await (const chunk of response as AsyncIterable<Buffer>) {
  hash.update(chunk)
  flying.push(file.write(chunk, 0, chunk.length, bytes))
  bytes += chunk.length
  if (flying.length >= 16) await flying.shift()
}
await Promise.all(flying)
await file.sync()
await file.close()
const result: BareDownload = { seconds: (performance.now() - began) / 1000, bytes, sha256: hash.digest('hex') }
console.log(JSON.stringify(result))

function request(target: URL): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(target, resolve).on('error', reject))
}
