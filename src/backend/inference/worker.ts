/**
 * The inference worker's entry. Electron starts it with utilityProcess.fork (messages on process.parentPort);
 * plain Node with child_process.fork (process.send). Everything it does is in WorkerEngine.
 */
import { toErrorData } from '../../shared/errors'
import type { HostMessage, WorkerMessage } from './protocol'
import { StreamBatcher } from './stream-batcher'
import { defaultSettleAfterMs, WorkerEngine } from './worker-engine'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

const send = (message: WorkerMessage): void => {
  if (parentPort) parentPort.postMessage(message)
  else process.send?.(message)
}

// The tests send the next turn at once and set this to 0 to see the cache brought to it; the bench's baseline, -1.
const engine = new WorkerEngine({ settleAfterMs: Number(process.env.EXAONE_ENGINE_SETTLE_AFTER_MS ?? defaultSettleAfterMs) })
let stuckAnswerForTest = false

async function handle(message: HostMessage): Promise<void> {
  switch (message.t) {
    case 'ping':
      send({ t: 'pong', at: message.at })
      return
    case 'abort':
      engine.abort(message.requestId)
      return
    case 'test-hang':
      if (process.env.EXAONE_ENGINE_TEST_HOOKS === '1') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
      return
    case 'test-stuck-answer':
      stuckAnswerForTest = process.env.EXAONE_ENGINE_TEST_HOOKS === '1'
      return
    case 'load':
      await reply(message.id, async () => {
        const model = await engine.load(message.load, (progress) => send({ t: 'load-progress', id: message.id, progress }))
        send({ t: 'loaded', id: message.id, model })
      })
      return
    case 'generate':
      // As a wait in node-llama-cpp that never ends would: no answer, no error, stops unheard.
      if (stuckAnswerForTest) return new Promise(() => undefined)
      await reply(message.id, async () => {
        const { requestId } = message.request
        const batcher = new StreamBatcher((batch) => send({ t: 'chunk', requestId, ...batch }))
        const outcome = await engine.generate(message.request, (piece) => batcher.push(piece))
        batcher.flush()
        send({ t: 'generated', id: message.id, result: { requestId, ...outcome } })
      })
  }
}

async function reply(id: number, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    send({ t: 'failed', id, error: toErrorData(error) })
  }
}

if (parentPort) parentPort.on('message', (event) => void handle(event.data as HostMessage))
else {
  process.on('message', (message) => void handle(message as HostMessage))
  // Without its host the worker has no purpose: never linger holding gigabytes of model.
  process.on('disconnect', () => process.exit(0))
}
send({ t: 'ready', pid: process.pid })
