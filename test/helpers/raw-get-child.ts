// Fetches one URL with rawGet in a process of its own, so a test can give it NODE_EXTRA_CA_CERTS (Node reads it at
// start) and trust a self-signed server as a user's own CA would be trusted. Prints what came as JSON.
import { rawGet } from '../../src/backend/services/downloads/raw-get'

const response = await rawGet(new URL(process.argv[2] as string), { timeoutMs: 10_000 })
let bytes = 0
let largest = 0
for await (const chunk of response) {
  bytes += chunk.length
  largest = Math.max(largest, chunk.length)
}
console.log(JSON.stringify({ statusCode: response.statusCode, bytes, largest }))
