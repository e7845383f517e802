/**
 * The one contract between the window and the backend. Every transport (Electron IPC, the browser harness's
 * WebSocket) carries exactly these requests and events; arguments are validated where they are received.
 * Each domain declares its requests and events beside its types (src/shared/<domain>.ts) and they are merged
 * here. Adding a request: one entry in its domain's table, one handler in the backend's handler table.
 */
import { z } from 'zod'
import { apiServerEvents, apiServerRequests } from './api-server'
import { catalogEvents, catalogRequests } from './catalog/contract'
import { chatEvents, chatRequests } from './chats'
import { downloadEvents, downloadRequests } from './downloads'
import { engineEvents, engineRequests } from './engine'
import type { EventName, RequestName } from './contract-names'
import type { Reply } from './errors'
import { hardwareEvents, hardwareRequests } from './hardware'
import { libraryEvents, libraryRequests } from './library'
import { monitorEvents, monitorRequests } from './monitor'
import { remoteEngineEvents, remoteEngineRequests } from './remote-engines'
import { settingsEvents, settingsRequests } from './settings'

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  dataDir: z.string(),
  /** The app (Electron) has a native file dialog and takes dropped files; the browser harness has neither. */
  fileDialog: z.boolean()
})
export type AppInfo = z.infer<typeof AppInfo>

export const requests = {
  'app:info': { args: z.object({}).strict(), result: AppInfo },
  ...settingsRequests,
  ...hardwareRequests,
  ...monitorRequests,
  ...catalogRequests,
  ...downloadRequests,
  ...libraryRequests,
  ...engineRequests,
  ...chatRequests,
  ...apiServerRequests,
  ...remoteEngineRequests
} as const satisfies Record<RequestName, { args: z.ZodType; result: z.ZodType }>

export const events = {
  ...settingsEvents,
  ...hardwareEvents,
  ...monitorEvents,
  ...catalogEvents,
  ...downloadEvents,
  ...libraryEvents,
  ...engineEvents,
  ...chatEvents,
  ...apiServerEvents,
  ...remoteEngineEvents
} as const satisfies Record<EventName, z.ZodType>

// `satisfies` above says every listed name has an entry; these say that no table has a name the list lacks.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _requestNamesMatch: Same<keyof typeof requests, RequestName> = true
const _eventNamesMatch: Same<keyof typeof events, EventName> = true

export type { EventName, RequestName }
export type RequestArgs<N extends RequestName> = z.input<(typeof requests)[N]['args']>
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** What `window.exaone` is, whichever transport installed it. */
export interface ExaoneBridge {
  invoke<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<Reply<RequestResult<N>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
