/** The host key a bastion presents, read by starting a handshake and stopping it before authentication. */
import { Client } from 'ssh2'
import type { HostKeyCheck } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { mapDriverError } from '../engines/map-error'
import type { KnownHosts } from './known-hosts'
import { SSH_READY_TIMEOUT_MS } from './tunnel'

export const probeHostKey = (knownHosts: KnownHosts, host: string, port: number): Promise<HostKeyCheck> =>
  new Promise((resolve, reject) => {
    const where = `SSH bastion ${host}:${port}`
    const client = new Client()
    let presented: Buffer | null = null
    let finished = false
    const done = (err: unknown) => {
      if (finished) return
      finished = true
      client.end()
      if (!presented) {
        reject(err instanceof AppFailure ? err : mapDriverError(err, where))
        return
      }
      knownHosts.check(host, port, presented).then(resolve, reject)
    }
    client.on('error', done)
    client.on('ready', () => done(null))
    client.on('close', () =>
      done(new AppFailure('UNREACHABLE', `${where}: closed before presenting a host key.`))
    )
    client.connect({
      host,
      port,
      username: 'dbconsole-host-key-probe',
      readyTimeout: SSH_READY_TIMEOUT_MS,
      hostVerifier: (key: Buffer) => {
        presented = key
        // Refused on purpose: no authentication is attempted, nothing but the handshake is sent.
        return false
      }
    })
  })
