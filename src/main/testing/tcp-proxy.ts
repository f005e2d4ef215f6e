/**
 * A small TCP proxy for fault injection between the app and a real server (no Toxiproxy here):
 * pass, delay every chunk, blackhole (accept and forward nothing), reset connections, drip bytes slowly, or
 * rewrite what clients send (a pooler that changes the startup packet).
 * It also counts the bytes that reached the server, so tests can prove a command was sent at most once.
 */
import { createServer, connect, type Socket, type Server } from 'node:net'

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'blackhole' }
  | { kind: 'reset' }
  | { kind: 'drip'; bytesPerTick: number; tickMs: number }
  | { kind: 'rewrite'; toServer: (chunk: Buffer) => Buffer }

export interface TcpProxy {
  port: number
  setMode(mode: ProxyMode): void
  /** Destroy every open connection now (a network cut mid-stream). */
  cutAll(): void
  /** Everything clients sent towards the server, in order, across connections. */
  sentToServer(): Buffer
  connections(): number
  close(): Promise<void>
}

export const startTcpProxy = async (
  target: { host?: string; port: number },
  listenPort = 0
): Promise<TcpProxy> => {
  let mode: ProxyMode = { kind: 'pass' }
  const sockets = new Set<Socket>()
  const upstreamChunks: Buffer[] = []

  const forward = (from: Socket, to: Socket, record: boolean): void => {
    from.on('data', (chunk: Buffer) => {
      const current = mode
      if (current.kind === 'blackhole') return
      if (current.kind === 'reset') {
        from.resetAndDestroy()
        to.resetAndDestroy()
        return
      }
      const deliver = (part: Buffer) => {
        if (to.destroyed) return
        if (record) upstreamChunks.push(part)
        to.write(part)
      }
      if (current.kind === 'rewrite') deliver(record ? current.toServer(chunk) : chunk)
      else if (current.kind === 'delay') setTimeout(() => deliver(chunk), current.ms)
      else if (current.kind === 'drip') {
        for (let i = 0, tick = 0; i < chunk.length; i += current.bytesPerTick, tick++) {
          const part = chunk.subarray(i, i + current.bytesPerTick)
          setTimeout(() => deliver(part), tick * current.tickMs)
        }
      } else deliver(chunk)
    })
  }

  const server: Server = createServer((client) => {
    if (mode.kind === 'reset') {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(target.port, target.host ?? '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => sockets.delete(s))
    }
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    forward(client, upstream, true)
    forward(upstream, client, false)
  })
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve))
  const address = server.address()
  const port = address && typeof address === 'object' ? address.port : listenPort

  return {
    port,
    setMode: (next) => {
      mode = next
    },
    cutAll: () => {
      for (const s of sockets) s.resetAndDestroy()
    },
    sentToServer: () => Buffer.concat(upstreamChunks),
    connections: () => Math.floor(sockets.size / 2),
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
