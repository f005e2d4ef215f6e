/**
 * An sshd of a test's own (Debian's openssh-server), on an unprivileged port in 57400-57499: its own
 * host key, sshd_config and authorized client key in a temp dir, started in the foreground (`-D -e`),
 * killed by the test. Nothing of the machine's own sshd is used or touched.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { portAccepts, waitUntil } from './own-servers'

export const SSHD = '/usr/sbin/sshd'

export interface ClientKey {
  path: string
  passphrase: string
  /** The public key line, for authorized_keys. */
  publicLine: string
}

/** A fresh ed25519 key pair (OpenSSH format, encrypted when `passphrase` is not empty). */
export const makeClientKey = (dir: string, name: string, passphrase: string): ClientKey => {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', path])
  return { path, passphrase, publicLine: readFileSync(`${path}.pub`, 'utf8').trim() }
}

export interface OwnSshd {
  port: number
  dir: string
  user: string
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (SHA256:...). */
  hostFingerprint: string
  proc: ChildProcess
  /** How many logins sshd accepted since it started first (its `Accepted publickey` log lines). */
  acceptedLogins(): number
  /** SIGKILL: the bastion dies as a crashed host would. */
  kill(): void
  /** Start again with the same config (and host key); resolves once it accepts connections. */
  start(): Promise<void>
  /** Replace the host key (a reinstalled or impersonated bastion) and restart. */
  regenerateHostKey(): Promise<void>
  stop(): Promise<void>
}

const descendantsOf = (pid: number | undefined): number[] => {
  if (pid === undefined) return []
  let children: number[] = []
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 1)
  } catch {
    // ps exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)])
}

const hostFingerprintOf = (keyPath: string): string =>
  execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${keyPath}.pub`], { encoding: 'utf8' }).split(
    ' '
  )[1] ?? ''

export const startOwnSshd = async (port: number, authorized: ClientKey[]): Promise<OwnSshd> => {
  if (port < 57400 || port > 57499) throw new Error(`own sshd ports must be in 57400-57499, got ${port}`)
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  const dir = mkdtempSync(join(tmpdir(), `own-sshd-${port}-`))
  const hostKey = join(dir, 'host_ed25519')
  const makeHostKey = () => {
    rmSync(hostKey, { force: true })
    rmSync(`${hostKey}.pub`, { force: true })
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey])
  }
  makeHostKey()
  writeFileSync(join(dir, 'authorized_keys'), `${authorized.map((k) => k.publicLine).join('\n')}\n`, {
    mode: 0o600
  })
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      // The temp dir sits under the world-writable /tmp, which StrictModes would refuse.
      'StrictModes no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
      ''
    ].join('\n')
  )
  let accepted = 0
  const own: OwnSshd = {
    port,
    dir,
    user: userInfo().username,
    hostFingerprint: hostFingerprintOf(hostKey),
    proc: undefined as unknown as ChildProcess,
    acceptedLogins: () => accepted,
    kill: () => {
      // sshd forks a process per connection: a crashed host loses them all, so kill them by pid too.
      const pids = descendantsOf(own.proc.pid)
      if (own.proc.exitCode === null && own.proc.signalCode === null) own.proc.kill('SIGKILL')
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone with its parent
        }
      }
    },
    start: async () => {
      const proc = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
      let log = ''
      proc.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString()
        accepted += text.match(/Accepted publickey for /g)?.length ?? 0
        log = (log + text).slice(-4000)
      })
      own.proc = proc
      await waitUntil(
        `sshd on ${port}`,
        () => {
          if (proc.exitCode !== null) throw new Error(`sshd exited with ${proc.exitCode}: ${log}`)
          return portAccepts(port)
        },
        10_000
      )
    },
    regenerateHostKey: async () => {
      own.kill()
      await waitUntil(`sshd on ${port} down`, async () => !(await portAccepts(port)), 5_000)
      makeHostKey()
      own.hostFingerprint = hostFingerprintOf(hostKey)
      await own.start()
    },
    stop: async () => {
      own.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await own.start()
  return own
}
