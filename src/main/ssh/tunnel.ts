/**
 * One SSH connection to a bastion (through its jump hosts, when there are any) and a local forward on
 * 127.0.0.1 that the drivers dial instead of the database: every connection of the profile becomes one
 * channel of that SSH connection. A lost SSH connection closes the forwarded sockets at once (the
 * drivers see a dead connection, never a hang); the next socket reconnects, and a failed reconnect is
 * this tunnel's UNREACHABLE (or host-key, or auth) failure.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { Client, type ConnectConfig } from 'ssh2'
import type { HostKeyCheck } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { redact } from '../../shared/redact'
import type { KnownHosts } from './known-hosts'
import { mapSshError } from './ssh-failure'

export interface SshHop {
  host: string
  port: number
  user: string
  keyFile?: string
  passphrase?: string
  agentSocket?: string
}

export interface Destination {
  host: string
  port: number
}

/** Where a driver connects instead of the server named in its URL. */
export interface Via {
  host: string
  port: number
}

/** Keep-alive: a bastion that stops answering is dropped after about 15 s (3 x 5 s). */
export const SSH_KEEPALIVE = { intervalMs: 5_000, countMax: 3 } as const
export const SSH_READY_TIMEOUT_MS = 10_000

export const hopName = (hop: SshHop): string => `SSH bastion ${hop.user}@${hop.host}:${hop.port}`

const readKey = async (hop: SshHop): Promise<Buffer | undefined> => {
  if (hop.keyFile === undefined) return undefined
  try {
    return await readFile(hop.keyFile)
  } catch (err) {
    const code = (err as { code?: unknown }).code
    throw new AppFailure(
      'INVALID_INPUT',
      `${hopName(hop)}: the key file ${hop.keyFile} cannot be read (${typeof code === 'string' ? code : 'error'}).`
    )
  }
}

/** Opens one authenticated SSH connection to `hop`, over `sock` when it is reached through a jump host. */
export const connectHop = async (hop: SshHop, knownHosts: KnownHosts, sock?: Duplex): Promise<Client> => {
  const privateKey = await readKey(hop)
  const where = hopName(hop)
  return new Promise<Client>((resolve, reject) => {
    const client = new Client()
    let refusedKey: HostKeyCheck | null = null
    let settled = false
    const fail = (err: unknown) => {
      if (settled) return
      settled = true
      client.end()
      reject(mapSshError(err, where, refusedKey))
    }
    client.on('ready', () => {
      settled = true
      resolve(client)
    })
    // Errors after 'ready' end in 'close', which the tunnel watches; the listener keeps them from throwing.
    client.on('error', fail)
    client.on('close', () => fail(new AppFailure('UNREACHABLE', `${where}: the connection closed.`)))
    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.user,
      privateKey,
      passphrase: hop.passphrase,
      agent: hop.agentSocket,
      sock: sock as ConnectConfig['sock'],
      keepaliveInterval: SSH_KEEPALIVE.intervalMs,
      keepaliveCountMax: SSH_KEEPALIVE.countMax,
      readyTimeout: SSH_READY_TIMEOUT_MS,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        knownHosts.check(hop.host, hop.port, key).then(
          (check) => {
            if (check.state !== 'trusted') refusedKey = check
            verify(check.state === 'trusted')
          },
          () => verify(false)
        )
      }
    }
    try {
      client.connect(config)
    } catch (err) {
      // ssh2 parses the key inside connect(): a wrong passphrase throws here.
      fail(err)
    }
  })
}

/** A channel from `client` to `to`, as a stream. */
export const forwardOut = (client: Client, to: Destination): Promise<Duplex> =>
  new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, to.host, to.port, (err, stream) => {
      if (err) reject(err)
      else resolve(stream)
    })
  })

export class SshTunnel {
  /** Every hop's client, first hop first; the last one carries the forward. */
  private clients: Client[] | null = null
  private connecting: Promise<Client> | null = null
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private closed = false
  /** How many times an SSH connection was opened (tests read it: one per profile, plus reconnects). */
  connects = 0

  constructor(
    private readonly hops: SshHop[],
    private readonly destination: Destination,
    private readonly knownHosts: KnownHosts
  ) {}

  private get where(): string {
    const last = this.hops[this.hops.length - 1]
    return last ? hopName(last) : 'SSH tunnel'
  }

  /** Connects the chain and starts listening; resolves with the address the drivers dial. */
  async start(): Promise<Via> {
    await this.ensureUp()
    const server = createServer((socket) => this.forward(socket))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    server.on('error', (err) =>
      console.warn(`[dbconsole] ${this.where}: local forward: ${redact(err.message)}`)
    )
    return { host: '127.0.0.1', port: (server.address() as AddressInfo).port }
  }

  /** The SSH connection, reconnected first when it was lost (one attempt at a time, shared). */
  ensureUp(): Promise<Client> {
    if (this.closed)
      return Promise.reject(new AppFailure('NOT_CONNECTED', `${this.where}: the tunnel is closed.`))
    const last = this.clients?.[this.clients.length - 1]
    if (last) return Promise.resolve(last)
    this.connecting ??= this.connectChain().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private async connectChain(): Promise<Client> {
    const clients: Client[] = []
    try {
      for (const [i, hop] of this.hops.entries()) {
        const previous = clients[i - 1]
        const sock = previous ? await forwardOut(previous, { host: hop.host, port: hop.port }) : undefined
        clients.push(await connectHop(hop, this.knownHosts, sock))
      }
    } catch (err) {
      for (const c of clients) c.end()
      throw err instanceof AppFailure ? err : mapSshError(err, this.where, null)
    }
    this.connects++
    const lost = () => {
      if (this.clients !== clients) return
      this.clients = null
      for (const c of clients) c.end()
      // The drivers must see their connections die now, not after their own timeouts.
      for (const s of this.sockets) s.destroy()
    }
    for (const c of clients) {
      c.on('close', lost)
      c.on('error', lost)
    }
    this.clients = clients
    if (this.closed) lost()
    const last = clients[clients.length - 1]
    if (!last) throw new AppFailure('INVALID_INPUT', 'An SSH tunnel needs at least one bastion.')
    return last
  }

  private forward(socket: Socket): void {
    this.sockets.add(socket)
    socket.on('error', () => socket.destroy())
    socket.on('close', () => this.sockets.delete(socket))
    this.ensureUp()
      .then((client) => forwardOut(client, this.destination))
      .then(
        (stream) => {
          if (socket.destroyed) {
            stream.destroy()
            return
          }
          stream.on('error', () => socket.destroy())
          stream.on('close', () => socket.destroy())
          socket.on('close', () => stream.destroy())
          socket.pipe(stream).pipe(socket)
        },
        (err: unknown) => {
          console.warn(`[dbconsole] ${this.where}: forward failed: ${redact(String(err))}`)
          socket.destroy()
        }
      )
  }

  async close(): Promise<void> {
    this.closed = true
    for (const s of this.sockets) s.destroy()
    for (const c of this.clients ?? []) c.end()
    this.clients = null
    const server = this.server
    this.server = null
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
