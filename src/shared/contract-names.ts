/**
 * The names in the contract, without its schemas: what the window's and the preload's bridges check names against
 * before they send anything. Kept apart from contract.ts so that neither loads zod and every schema to know a name
 * (zod's schemas took about 100 ms to build when the window started). contract.ts fails to compile unless its
 * tables have exactly these names.
 */
export const requestNames = [
  'app:info',
  'settings:get',
  'settings:update',
  'settings:test-endpoint',
  'hardware:probe',
  'monitor:history',
  'catalog:list',
  'downloads:list',
  'downloads:start',
  'downloads:pause',
  'downloads:resume',
  'downloads:cancel',
  'licences:get',
  'licences:accept',
  'library:list',
  'library:delete',
  'library:show',
  'library:pick-file',
  'library:import',
  'library:cancel-import',
  'library:verify',
  'library:move',
  'engine:state',
  'engine:load',
  'engine:unload',
  'engine:generate',
  'engine:abort',
  'chats:list',
  'chats:get',
  'chats:create',
  'chats:rename',
  'chats:update-settings',
  'chats:delete',
  'chats:restore',
  'chats:send',
  'chats:regenerate',
  'chats:edit',
  'chats:stop',
  'chats:export',
  'api-server:status',
  'api-server:configure',
  'api-server:generate-key',
  'api-server:log',
  'engines:list',
  'engines:test',
  'engines:add',
  'engines:update',
  'engines:remove',
  'engines:use'
] as const

export const eventNames = [
  'settings:changed',
  'hardware:updated',
  'monitor:tick',
  'catalog:updated',
  'downloads:changed',
  'library:changed',
  'library:progress',
  'library:dropped',
  'engine:state',
  'engine:stream',
  'chats:changed',
  'chats:updated',
  'api-server:status',
  'api-server:request',
  'engines:changed',
  'engines:retrying'
] as const

export type RequestName = (typeof requestNames)[number]
export type EventName = (typeof eventNames)[number]

const requestNameSet: ReadonlySet<string> = new Set(requestNames)
const eventNameSet: ReadonlySet<string> = new Set(eventNames)

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && requestNameSet.has(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventNameSet.has(name)
}

/** Electron IPC channel names: one for calls, two for subscriptions, one for events. */
export const ipcChannels = {
  invoke: 'exaone:invoke',
  subscribe: 'exaone:subscribe',
  unsubscribe: 'exaone:unsubscribe',
  event: 'exaone:event',
  /** Preload to main only: the path of a file dropped on the window, which main checks before the page hears of it. */
  droppedFile: 'exaone:dropped-file'
} as const
