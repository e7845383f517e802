import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The address of a port nothing listens on: bind one on 127.0.0.1, then close it. */
export async function closedPort(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
