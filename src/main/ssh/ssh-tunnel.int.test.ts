/**
 * Profiles reached through a real bastion: Debian's sshd of this test's own (testing/own-sshd.ts) in
 * front of the shared PostgreSQL primary and Redis standalone. Host keys are refused until trusted,
 * a changed one is refused again, a wrong key or passphrase is AUTH_FAILED, one SSH connection carries
 * all of a profile's connections, and a bastion killed mid-session is UNREACHABLE at once.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionProfile, ConnectionStatus, HostKeyCheck } from '../../shared/connection'
import type { ConsoleResult } from '../../shared/console'
import { makeClientKey, startOwnSshd, type ClientKey, type OwnSshd } from '../testing/own-sshd'
import { waitUntil } from '../testing/own-servers'
import { useTestCore } from '../testing/test-core'
import { pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'

const PORT = 57401
const JUMP_PORT = 57402
const PASSPHRASE = 'ssh-Passphrase-Q7w!'

const t = useTestCore('ssh')
const keys = mkdtempSync(join(tmpdir(), 'ssh-keys-'))
let sshd: OwnSshd
let key: ClientKey
let stranger: ClientKey
let agentKey: ClientKey
let jump: OwnSshd
let agent: ChildProcess
const agentSocket = join(keys, 'agent.sock')

beforeAll(async () => {
  key = makeClientKey(keys, 'client', PASSPHRASE)
  stranger = makeClientKey(keys, 'stranger', '')
  agentKey = makeClientKey(keys, 'agent-key', '')
  sshd = await startOwnSshd(PORT, [key, agentKey])
  jump = await startOwnSshd(JUMP_PORT, [key])
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  await waitUntil('ssh-agent socket', () => existsSync(agentSocket), 5_000)
  execFileSync('ssh-add', ['-q', agentKey.path], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
})
afterAll(async () => {
  agent.kill()
  await jump.stop()
  await sshd.stop()
})

const tunnel = (overrides: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: PORT,
  user: sshd.user,
  keyFile: key.path,
  passphrase: PASSPHRASE,
  ...overrides
})

const save = (name: string, engine: 'postgres' | 'redis', url: string, ssh = tunnel()) =>
  t.call<{ id: string }>('connections.save', {
    name,
    engine,
    url,
    environment: 'production',
    allowWrites: true,
    ssh
  })

const failure = async (method: string, input: unknown) => {
  const result = await t.core.dispatch(method, input)
  if (result.ok) throw new Error(`${method} succeeded`)
  return result.error
}

describe('an SSH tunnel per profile', () => {
  it('refuses a bastion whose host key was never trusted, naming its fingerprint', async () => {
    const { id } = await save('pg unknown key', 'postgres', pgAppUrl())
    const error = await failure('connections.connect', { id })
    expect(error.code).toBe('HOST_KEY_UNKNOWN')
    expect(error.message).toContain(sshd.hostFingerprint)
    expect(error.message).toContain('nothing was sent')
    expect(sshd.acceptedLogins()).toBe(0)
  })

  it('shows the presented key and trusts only the fingerprint the bastion presents now', async () => {
    const check = await t.call<HostKeyCheck>('connections.hostKey', { host: '127.0.0.1', port: PORT })
    expect(check).toMatchObject({
      state: 'unknown',
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostFingerprint
    })
    const wrong = await failure('connections.trustHostKey', {
      host: '127.0.0.1',
      port: PORT,
      fingerprint: `SHA256:${'A'.repeat(43)}`
    })
    expect(wrong.code).toBe('REFUSED')
    const trusted = await t.call<HostKeyCheck>('connections.trustHostKey', {
      host: '127.0.0.1',
      port: PORT,
      fingerprint: sshd.hostFingerprint
    })
    expect(trusted.state).toBe('trusted')
    expect(JSON.parse(readFileSync(join(t.dataDir, 'known_hosts.json'), 'utf8'))).toMatchObject({
      hosts: { [`[127.0.0.1]:${PORT}`]: { fingerprint: sshd.hostFingerprint } }
    })
  })

  it('runs a PostgreSQL query and a Redis PING through the tunnel, one SSH login per profile', async () => {
    const before = sshd.acceptedLogins()
    const { id: pgId } = await save('pg via bastion', 'postgres', pgAppUrl())
    const status = await t.call<ConnectionStatus>('connections.connect', { id: pgId })
    expect(status.state).toBe('connected')
    // Named as the server the bastion reaches, not the local forward.
    expect(status.server?.address).toBe(`127.0.0.1:${TEST_SERVERS.pgPrimaryPort}`)
    const port = await t.call<ConsoleResult>('console.run', {
      connectionId: pgId,
      text: 'select inet_server_port() as port'
    })
    expect(JSON.stringify(port)).toContain(String(TEST_SERVERS.pgPrimaryPort))
    // A guarded action's connection and a connection test share the session's tunnel.
    const [{ pid }] = (await t.admin().query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
      { pid: number }
    ]
    const prepared = await t.call<{ ticketId: string }>('actions.prepare', {
      connectionId: pgId,
      action: 'postgres.cancelBackend',
      target: { pid }
    })
    expect(prepared.ticketId).toMatch(/^[0-9a-f]{32}$/)
    expect(sshd.acceptedLogins() - before).toBe(1)

    const { id: redisId } = await save('redis via bastion', 'redis', redisUrl())
    await t.call<ConnectionStatus>('connections.connect', { id: redisId })
    const pong = await t.call<ConsoleResult>('console.run', { connectionId: redisId, text: 'PING' })
    expect(JSON.stringify(pong)).toContain('PONG')
    expect(sshd.acceptedLogins() - before).toBe(2)
  })

  it('keeps the passphrase out of files and payloads', async () => {
    const list = await t.call<ConnectionProfile[]>('connections.list', {})
    expect(JSON.stringify(list)).not.toContain(PASSPHRASE)
    expect(list.find((p) => p.name === 'pg via bastion')?.ssh).toMatchObject({
      host: '127.0.0.1',
      port: PORT,
      hasPassphrase: true
    })
    for (const file of readdirSync(t.dataDir))
      expect(readFileSync(join(t.dataDir, file), 'utf8')).not.toContain(PASSPHRASE)
  })

  it('refuses a key the bastion does not authorize, and a wrong passphrase', async () => {
    const { id } = await save(
      'pg stranger',
      'postgres',
      pgAppUrl(),
      tunnel({ keyFile: stranger.path, passphrase: undefined })
    )
    const refused = await failure('connections.connect', { id })
    expect(refused.code).toBe('AUTH_FAILED')
    expect(refused.message).toContain('refused the key')
    const { id: badPass } = await save(
      'pg bad pass',
      'postgres',
      pgAppUrl(),
      tunnel({ passphrase: 'not-it-at-all' })
    )
    const wrong = await failure('connections.connect', { id: badPass })
    expect(wrong.code).toBe('AUTH_FAILED')
    expect(wrong.message).toContain('passphrase')
  })

  it('authenticates with an agent socket instead of a key file', async () => {
    const { id } = await save(
      'redis via agent',
      'redis',
      redisUrl(),
      tunnel({ keyFile: undefined, passphrase: undefined, agentSocket })
    )
    await t.call<ConnectionStatus>('connections.connect', { id })
    const pong = await t.call<ConsoleResult>('console.run', { connectionId: id, text: 'PING' })
    expect(JSON.stringify(pong)).toContain('PONG')
  })

  it('reaches the bastion through a jump host (two hops, each host key trusted)', async () => {
    const { id } = await save(
      'pg via jump',
      'postgres',
      pgAppUrl(),
      tunnel({ jumps: [{ host: '127.0.0.1', port: JUMP_PORT, user: jump.user }] })
    )
    const refused = await failure('connections.connect', { id })
    expect(refused.code).toBe('HOST_KEY_UNKNOWN')
    expect(refused.message).toContain(`127.0.0.1:${JUMP_PORT}`)
    await t.call<HostKeyCheck>('connections.trustHostKey', {
      host: '127.0.0.1',
      port: JUMP_PORT,
      fingerprint: jump.hostFingerprint
    })
    const [jumpBefore, bastionBefore] = [jump.acceptedLogins(), sshd.acceptedLogins()]
    await t.call<ConnectionStatus>('connections.connect', { id })
    const port = await t.call<ConsoleResult>('console.run', {
      connectionId: id,
      text: 'select inet_server_port() as port'
    })
    expect(JSON.stringify(port)).toContain(String(TEST_SERVERS.pgPrimaryPort))
    expect([jump.acceptedLogins() - jumpBefore, sshd.acceptedLogins() - bastionBefore]).toEqual([1, 1])
    await t.call<ConnectionStatus>('connections.disconnect', { id })
  })

  it('shows a bastion killed mid-session as UNREACHABLE at once, and recovers when it is back', async () => {
    const { id } = await save('pg killed bastion', 'postgres', pgAppUrl())
    await t.call<ConnectionStatus>('connections.connect', { id })
    sshd.kill()
    const started = Date.now()
    const error = await failure('console.run', { connectionId: id, text: 'select 1' })
    const consoleMs = Date.now() - started
    expect(error.code).toBe('UNREACHABLE')
    await t.core.sessions.pollOnce()
    const pollMs = Date.now() - started
    const status = t.core.sessions.status(id)
    expect(status.state).toBe('failed')
    expect(status.error).toMatchObject({ code: 'UNREACHABLE' })
    expect(status.error?.message).toContain(`SSH bastion ${sshd.user}@127.0.0.1:${PORT}`)
    expect(consoleMs).toBeLessThan(5_000)
    expect(pollMs).toBeLessThan(5_000)
    console.log(`bastion killed: console failed after ${consoleMs} ms, poll marked failed after ${pollMs} ms`)

    await sshd.start()
    await t.core.sessions.pollOnce()
    expect(t.core.sessions.status(id).state).toBe('connected')
  })

  it('refuses a bastion whose host key changed', async () => {
    const trusted = sshd.hostFingerprint
    await sshd.regenerateHostKey()
    const { id } = await save('pg changed key', 'postgres', pgAppUrl())
    const error = await failure('connections.connect', { id })
    expect(error.code).toBe('HOST_KEY_CHANGED')
    expect(error.message).toContain(sshd.hostFingerprint)
    expect(error.message).toContain(trusted)
  })
})
