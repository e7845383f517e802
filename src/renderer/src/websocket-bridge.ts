/**
 * The browser harness's transport: installs the same `window.exaone` as the Electron preload, over a
 * WebSocket to the backend that served this page. Reconnects by itself and resubscribes what the page listens to.
 */
import { createBridgeClient, type BridgeClient } from '../../shared/bridge-client'
import { disconnectedError, type Reply } from '../../shared/errors'
import type { ClientMessage, ServerMessage } from '../../shared/wire'
import type { ExaoneBridge } from '../../shared/contract'

export interface WebSocketBridgeOptions {
  /** Where the backend listens; by default the server of this page, with the token its URL came with. */
  url?: string
  /** The WebSocket class (tests in Node give the `ws` package's). */
  WebSocket?: typeof WebSocket
  /** Aborting closes the socket for good: no reconnect (tests). */
  signal?: AbortSignal
}

export function createWebSocketBridge(options: WebSocketBridgeOptions = {}): ExaoneBridge {
  const Socket = options.WebSocket ?? WebSocket
  const url = options.url ?? pageUrl()
  const pending = new Map<number, (reply: Reply<unknown>) => void>()
  let outbox: string[] = []
  let nextId = 1
  let socket: WebSocket | null = null
  let retryDelay = 250

  const send = (message: ClientMessage): void => {
    const text = JSON.stringify(message)
    if (socket?.readyState === Socket.OPEN) socket.send(text)
    else outbox.push(text)
  }

  const client: BridgeClient = createBridgeClient({
    call: (name, args) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        send({ t: 'call', id, name, args })
      }),
    subscribe: (event) => send({ t: 'sub', event }),
    unsubscribe: (event) => send({ t: 'unsub', event })
  })

  const open = (): void => {
    if (options.signal?.aborted) return
    const ws = new Socket(url)
    socket = ws
    ws.onopen = () => {
      retryDelay = 250
      // Subscriptions were queued in the outbox on first connect; after a reconnect they are sent again.
      const queued = outbox
      outbox = []
      const subscriptions = client.subscribedEvents().map((event) => JSON.stringify({ t: 'sub', event } satisfies ClientMessage))
      for (const text of new Set([...subscriptions, ...queued])) ws.send(text)
    }
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as ServerMessage
      if (data.t === 'reply') {
        pending.get(data.id)?.(data.reply)
        pending.delete(data.id)
      } else client.deliver(data.event, data.payload)
    }
    ws.onclose = () => {
      socket = null
      // Whatever was waiting is answered "disconnected" now, so none of it may be sent later behind the user's back.
      outbox = []
      for (const resolve of pending.values()) resolve({ ok: false, error: disconnectedError })
      pending.clear()
      if (options.signal?.aborted) return
      setTimeout(open, retryDelay)
      retryDelay = Math.min(retryDelay * 2, 5000)
    }
  }
  options.signal?.addEventListener('abort', () => socket?.close(), { once: true })
  open()
  return client.bridge
}

function pageUrl(): string {
  const token = takeToken()
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`
}

/** The token comes in the URL once; it is kept for this tab only and removed from the address bar. */
function takeToken(): string {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    sessionStorage.setItem('exaone-token', fromUrl)
    params.delete('token')
    const rest = params.toString()
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`)
    return fromUrl
  }
  return sessionStorage.getItem('exaone-token') ?? ''
}
