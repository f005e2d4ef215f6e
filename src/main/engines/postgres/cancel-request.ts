/**
 * PostgreSQL's CancelRequest message (protocol "Canceling Requests in Progress"): a new connection sends
 * the busy backend's process id and secret key, and the server interrupts that backend's statement
 * (SQLSTATE 57014, "canceling statement due to user request"). The server answers it before TLS and
 * before authentication, so no password is sent again and pg_hba does not apply.
 */
import net from 'node:net'

/** The two numbers a backend sends at login (BackendKeyData) that name it for a cancel. */
export interface BackendKey {
  processID: number
  secretKey: number
}

const CANCEL_REQUEST_CODE = 80877102
const CANCEL_TIMEOUT_MS = 5_000

export const cancelRequestPacket = (key: BackendKey): Buffer => {
  const packet = Buffer.alloc(16)
  packet.writeInt32BE(16, 0)
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4)
  packet.writeInt32BE(key.processID, 8)
  packet.writeInt32BE(key.secretKey, 12)
  return packet
}

/** Sends the request and waits for the server to close the connection (it never answers). */
export const sendCancelRequest = (server: { host: string; port: number }, key: BackendKey): Promise<void> =>
  new Promise((resolve, reject) => {
    // A host that is a directory is a Unix socket, as in libpq.
    const socket = server.host.startsWith('/')
      ? net.connect({ path: `${server.host}/.s.PGSQL.${server.port}` })
      : net.connect({ host: server.host, port: server.port })
    socket.setTimeout(CANCEL_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer to the cancel request within ${CANCEL_TIMEOUT_MS / 1000} s`))
    )
    socket.once('connect', () => socket.end(cancelRequestPacket(key)))
    socket.once('error', reject)
    socket.once('close', () => resolve())
  })
