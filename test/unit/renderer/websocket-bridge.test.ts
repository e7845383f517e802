/**
 * The browser harness's `window.exaone` against a real WebSocket server on 127.0.0.1 (the `ws` package, in Node:
 * Node 20 has no stable global WebSocket, so the bridge is given `ws`'s). The server plays the backend: it records
 * what the page sends, answers calls, and drops the socket when a test says so.
 */
import { EventEmitter, once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { createWebSocketBridge } from '../../../src/renderer/src/websocket-bridge'
import type { ExaoneBridge } from '../../../src/shared/contract'
import type { ClientMessage, ServerMessage } from '../../../src/shared/wire'
import { disconnectedError } from '../../../src/shared/errors'

interface Connection {
  socket: WebSocket
  messages: ClientMessage[]
  /** Resolves with the first message (already received or still to come) that matches. */
  received(match: (message: ClientMessage) => boolean): Promise<ClientMessage>
  send(message: ServerMessage): void
}

let server: WebSocketServer
let connections: Connection[]
const arrivals = new EventEmitter()
/** Calls the server leaves unanswered, by request name. */
let held: Set<string>
let aborter: AbortController

beforeEach(async () => {
  connections = []
  held = new Set()
  aborter = new AbortController()
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await once(server, 'listening')
  server.on('connection', (socket) => {
    const messages: ClientMessage[] = []
    const connection: Connection = {
      socket,
      messages,
      received: (match) => {
        const found = messages.find(match)
        if (found) return Promise.resolve(found)
        return new Promise((resolve) => {
          const check = (message: ClientMessage): void => {
            if (!match(message)) return
            arrivals.off(`message:${connections.indexOf(connection)}`, check)
            resolve(message)
          }
          arrivals.on(`message:${connections.indexOf(connection)}`, check)
        })
      },
      send: (message) => socket.send(JSON.stringify(message))
    }
    connections.push(connection)
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ClientMessage
      messages.push(message)
      if (message.t === 'call' && !held.has(message.name)) connection.send({ t: 'reply', id: message.id, reply: { ok: true, value: { name: message.name, args: message.args } } })
      arrivals.emit(`message:${connections.indexOf(connection)}`, message)
    })
    arrivals.emit('connection', connection)
  })
})

afterEach(async () => {
  aborter.abort()
  for (const client of server.clients) client.terminate()
  await new Promise((resolve) => server.close(resolve))
})

function connect(): ExaoneBridge {
  const { port } = server.address() as AddressInfo
  return createWebSocketBridge({ url: `ws://127.0.0.1:${port}/ws`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, signal: aborter.signal })
}

/** The `index`th connection the server has accepted (0 is the first), once it is there. */
function connection(index: number): Promise<Connection> {
  if (connections[index]) return Promise.resolve(connections[index])
  return new Promise((resolve) => {
    const check = (): void => {
      if (!connections[index]) return
      arrivals.off('connection', check)
      resolve(connections[index])
    }
    arrivals.on('connection', check)
  })
}

const isSub = (event: string) => (message: ClientMessage) => message.t === 'sub' && message.event === event
const isCall = (name: string) => (message: ClientMessage) => message.t === 'call' && message.name === name
const kinds = (connection: Connection): string[] => connection.messages.map((message) => (message.t === 'call' ? `call ${message.name}` : `${message.t} ${message.event}`))

describe('WebSocket bridge', () => {
  it('carries calls and replies, subscribes once per event on its first listener and unsubscribes after its last', async () => {
    const bridge = connect()
    const first: unknown[] = []
    const second: unknown[] = []
    // Both listen before the socket is open: the subscription waits in the outbox and is sent once.
    const stopFirst = bridge.on('settings:changed', (payload) => first.push(payload))
    const stopSecond = bridge.on('settings:changed', (payload) => second.push(payload))
    const backend = await connection(0)

    expect(await bridge.invoke('app:info', {})).toEqual({ ok: true, value: { name: 'app:info', args: {} } })
    expect(kinds(backend)).toEqual(['sub settings:changed', 'call app:info'])

    backend.send({ t: 'event', event: 'settings:changed', payload: { locale: 'ko', theme: 'dark' } })
    backend.send({ t: 'event', event: 'chats:changed', payload: {} })
    await bridge.invoke('app:info', {})
    expect(first).toEqual([{ locale: 'ko', theme: 'dark' }])
    expect(second).toEqual([{ locale: 'ko', theme: 'dark' }])

    stopFirst()
    stopSecond()
    await backend.received((message) => message.t === 'unsub')
    expect(kinds(backend)).toEqual(['sub settings:changed', 'call app:info', 'call app:info', 'unsub settings:changed'])
  })

  it('answers calls in flight "disconnected" when the socket drops, reconnects, and replays only the live subscriptions', async () => {
    const bridge = connect()
    const settings: unknown[] = []
    bridge.on('settings:changed', (payload) => settings.push(payload))
    bridge.on('downloads:changed', () => undefined)
    bridge.on('monitor:tick', () => undefined)()
    const firstSocket = await connection(0)
    await firstSocket.received(isSub('downloads:changed'))

    held.add('engine:state')
    const inFlight = bridge.invoke('engine:state', {})
    await firstSocket.received(isCall('engine:state'))
    held.clear()
    firstSocket.socket.terminate()
    expect(await inFlight).toEqual({ ok: false, error: disconnectedError })

    // Asked while there is no socket: sent once the bridge is connected again, after the subscriptions.
    const whileDown = bridge.invoke('downloads:list', {})
    const secondSocket = await connection(1)
    expect(await whileDown).toEqual({ ok: true, value: { name: 'downloads:list', args: {} } })
    expect(kinds(secondSocket)).toEqual(['sub settings:changed', 'sub downloads:changed', 'call downloads:list'])

    secondSocket.send({ t: 'event', event: 'settings:changed', payload: { locale: 'en', theme: 'light' } })
    await bridge.invoke('app:info', {})
    expect(settings).toEqual([{ locale: 'en', theme: 'light' }])

    // And again after a second drop: every reconnect replays what is still listened to.
    secondSocket.socket.terminate()
    const thirdSocket = await connection(2)
    await thirdSocket.received(isSub('downloads:changed'))
    expect(await bridge.invoke('app:info', {})).toMatchObject({ ok: true })
    expect(kinds(thirdSocket)).toEqual(['sub settings:changed', 'sub downloads:changed', 'call app:info'])
  })

  it('never sends again, after reconnecting, a call that was in flight when the socket dropped', async () => {
    const bridge = connect()
    const firstSocket = await connection(0)
    held.add('engine:state')
    const inFlight = bridge.invoke('engine:state', {})
    await firstSocket.received(isCall('engine:state'))
    firstSocket.socket.terminate()
    expect(await inFlight).toEqual({ ok: false, error: disconnectedError })
    const secondSocket = await connection(1)
    held.clear()
    expect(await bridge.invoke('app:info', {})).toMatchObject({ ok: true })
    expect(kinds(secondSocket)).toEqual(['call app:info'])
  })
})
