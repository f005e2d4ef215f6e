/**
 * Every new PostgreSQL session reads its safety settings back and is refused (UNSAFE_SESSION) and closed
 * when it does not hold them. Role settings never win over the startup options, so the failing case is a
 * pooler in between that drops the `options` startup parameter (as PgBouncer does by default), played by
 * the TCP proxy rewriting the startup packet.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitUntil } from '../../testing/own-servers'
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy'
import { pgAdminUrl, TEST_SERVERS } from '../../testing/test-servers'
import { openPgAction } from './actions'
import { openPostgres } from './adapter'
import { verifySession } from './verify-session'

const ROLE = 'dbconsole_lax_defaults'
const PASSWORD = 'lax-defaults-pw-3141'
const admin = new pg.Client({ connectionString: pgAdminUrl() })
let proxy: TcpProxy

const PROTOCOL_3 = 196_608

/** The startup message without its `options` parameter; every other chunk unchanged. */
const dropStartupOptions = (chunk: Buffer): Buffer => {
  if (chunk.length < 8 || chunk.readInt32BE(0) !== chunk.length || chunk.readInt32BE(4) !== PROTOCOL_3) {
    return chunk
  }
  const fields = chunk
    .subarray(8, chunk.length - 1)
    .toString('utf8')
    .split('\0')
  const kept: string[] = []
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'options') kept.push(fields[i] ?? '', fields[i + 1] ?? '')
  }
  const body = Buffer.from(`${kept.join('\0')}\0\0`, 'utf8')
  const head = Buffer.alloc(8)
  head.writeInt32BE(8 + body.length, 0)
  head.writeInt32BE(PROTOCOL_3, 4)
  return Buffer.concat([head, body])
}

const urlVia = (port: number) => `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${port}/app`
const direct = () => urlVia(TEST_SERVERS.pgPrimaryPort)
const diagnostics = (url: string) => openPostgres({ url, tls: { enabled: false }, purpose: 'diagnostics' })

const backendsOfRole = async (): Promise<number> =>
  Number(
    (
      await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where usename = $1', [
        ROLE
      ])
    ).rows[0]?.n
  )

const expectAllClosed = () =>
  waitUntil(`no backend of ${ROLE}`, async () => (await backendsOfRole()) === 0, 5_000)

beforeAll(async () => {
  await admin.connect()
  await admin.query(`drop role if exists ${ROLE}`)
  await admin.query(`create role ${ROLE} login password '${PASSWORD}'`)
  // Role defaults that contradict every startup option.
  for (const [name, value] of [
    ['standard_conforming_strings', 'off'],
    ['default_transaction_read_only', 'off'],
    ['statement_timeout', '0'],
    ['lock_timeout', '0'],
    ['idle_in_transaction_session_timeout', '0']
  ]) {
    await admin.query(`alter role ${ROLE} set ${name} = ${value}`)
  }
  proxy = await startTcpProxy({ port: TEST_SERVERS.pgPrimaryPort })
})

afterAll(async () => {
  await proxy.close()
  await expectAllClosed().catch(() => undefined)
  await admin.query(`drop role if exists ${ROLE}`)
  await admin.end()
})

describe('session verification after connecting', () => {
  it('startup options win over role settings: the session holds read-only, timeouts and standard strings', async () => {
    const session = await diagnostics(direct())
    try {
      const [row] = await session.query<Record<string, string>>(
        `select current_setting('standard_conforming_strings') as scs,
                current_setting('default_transaction_read_only') as ro,
                current_setting('statement_timeout') as st`
      )
      expect(row).toEqual({ scs: 'on', ro: 'on', st: '30s' })
    } finally {
      await session.close()
    }
    const action = await openPgAction({ url: direct(), tls: { enabled: false } }, 'postgres.vacuum')
    try {
      const [row] = await action.handle.query<Record<string, string>>(
        `select current_setting('standard_conforming_strings') as scs, current_setting('statement_timeout') as st`
      )
      expect(row).toEqual({ scs: 'on', st: '30min' })
    } finally {
      await action.close()
    }
  })

  it('a diagnostics session without its startup options fails with UNSAFE_SESSION naming each setting, and is closed', async () => {
    proxy.setMode({ kind: 'rewrite', toServer: dropStartupOptions })
    try {
      const failure = await diagnostics(urlVia(proxy.port)).catch((err: unknown) => err)
      expect(failure).toMatchObject({ code: 'UNSAFE_SESSION' })
      const message = (failure as Error).message
      expect(message).toContain('default_transaction_read_only = off, needs on')
      expect(message).toContain('statement_timeout = 0, needs 30000')
      expect(message).toContain('lock_timeout = 0, needs 1000')
      expect(message).toContain('idle_in_transaction_session_timeout = 0, needs 10000')
      expect(message).toContain('standard_conforming_strings = off, needs on')
      expect(message).not.toContain(PASSWORD)
      // The session really was opened and asked, then closed.
      expect(proxy.sentToServer().toString('latin1')).toContain('pg_catalog.pg_settings')
      await expectAllClosed()
    } finally {
      proxy.setMode({ kind: 'pass' })
    }
  })

  it('an action session without its startup options fails with UNSAFE_SESSION and is closed', async () => {
    proxy.setMode({ kind: 'rewrite', toServer: dropStartupOptions })
    try {
      const failure = await openPgAction(
        { url: urlVia(proxy.port), tls: { enabled: false } },
        'postgres.vacuum'
      ).catch((err: unknown) => err)
      expect(failure).toMatchObject({ code: 'UNSAFE_SESSION' })
      expect((failure as Error).message).toContain('statement_timeout = 0, needs 1800000')
      expect((failure as Error).message).not.toContain('default_transaction_read_only')
      await expectAllClosed()
    } finally {
      proxy.setMode({ kind: 'pass' })
    }
  })

  it('a pooled reconnect is verified too: after its backend is terminated, an unsafe new session is refused', async () => {
    const session = await diagnostics(urlVia(proxy.port))
    try {
      proxy.setMode({ kind: 'rewrite', toServer: dropStartupOptions })
      // Every backend of the session (its work and liveness connections): each reconnect must be verified.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where usename = $1', [ROLE])
      await expectAllClosed()
      await expect(session.query('select 1')).rejects.toMatchObject({ code: 'UNSAFE_SESSION' })
      await expectAllClosed()
    } finally {
      proxy.setMode({ kind: 'pass' })
      await session.close()
    }
  })

  it('a setting the server does not report counts as not held', async () => {
    await expect(
      verifySession(admin, { standard_conforming_strings: 'on', no_such_setting: 'on' }, 'PostgreSQL test')
    ).rejects.toMatchObject({
      code: 'UNSAFE_SESSION',
      message:
        'PostgreSQL test: the new session does not hold its safety settings (no_such_setting = (not reported), needs on); it was closed and not used.'
    })
  })
})
