/** Messages of the browser harness's WebSocket: the same contract as Electron IPC, framed as JSON. */
import { z } from 'zod'
import type { Reply } from './errors'

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), name: z.string(), args: z.unknown() }),
  z.object({ t: z.literal('sub'), event: z.string() }),
  z.object({ t: z.literal('unsub'), event: z.string() })
])
export type ClientMessage = z.infer<typeof ClientMessage>

export type ServerMessage =
  | { t: 'reply'; id: number; reply: Reply<unknown> }
  | { t: 'event'; event: string; payload: unknown }

