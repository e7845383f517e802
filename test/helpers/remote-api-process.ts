/** The app's own API server in another process (serve-remote-api.ts), as the remote engine the e2e tests chat with. */
import type { ChildProcess } from 'node:child_process'
import { startPrinting } from './harness-process'

export interface RunningRemoteApi {
  /** http://127.0.0.1:PORT/v1 */
  url: string
  port: number
  process: ChildProcess
}

/** Starts it on `port` (a free one when 0), with its model and library in `folder`; the same folder and port restart it. */
export async function startRemoteApiProcess(folder: string, port = 0): Promise<RunningRemoteApi> {
  const { child, printed } = await startPrinting(['test/helpers/serve-remote-api.ts', '--folder', folder, '--port', String(port)], { EXAONE_DESKTOP_GPU: 'off' }, /REMOTE_API=(\S+)/, 'The remote API server')
  return { url: printed, port: Number(new URL(printed).port), process: child }
}
