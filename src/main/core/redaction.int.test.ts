/**
 * A confirmed console statement that sets a password, on the real primary: the server gets the real
 * password (the role can log in with it), while the dialog's ticket and the audit file only ever hold
 * `***`. Uses a throwaway role redact_it, created and dropped here.
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreparedAction } from '../../shared/actions'
import { useTestCore } from '../testing/test-core'
import { pgAdminUrl, TEST_SERVERS } from '../testing/test-servers'

const SECRET = 'Redact-It-Secret-4711'
const { core, call, admin } = useTestCore('redaction')

const loginWith = async (password: string): Promise<string> => {
  const client = new pg.Client({
    connectionString: `postgres://redact_it:${encodeURIComponent(password)}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/postgres`
  })
  try {
    await client.connect()
    return 'logged in'
  } catch (err) {
    return (err as Error).message
  } finally {
    await client.end().catch(() => undefined)
  }
}

beforeAll(async () => {
  await admin().query('drop role if exists redact_it')
  await admin().query("create role redact_it login password 'old-password-1'")
})

afterAll(async () => {
  await admin().query('drop role if exists redact_it')
})

describe('a password set through the confirm path', () => {
  it('reaches the server as typed and is *** in the ticket and the audit file', async () => {
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'superuser',
      engine: 'postgres',
      url: pgAdminUrl(),
      environment: 'development',
      allowWrites: true
    })
    const answer = await call<{ kind: string; action: string; target: Record<string, unknown> }>(
      'console.run',
      { connectionId: id, text: `ALTER ROLE redact_it PASSWORD '${SECRET}'` }
    )
    expect(answer.kind).toBe('confirmation-required')
    const ticket = await call<PreparedAction>('actions.prepare', {
      connectionId: id,
      action: answer.action,
      target: answer.target
    })
    expect(ticket.exactStatement).toBe("ALTER ROLE redact_it PASSWORD '***'")
    expect(ticket.redacted).toBe(true)
    expect(JSON.stringify(ticket)).not.toContain(SECRET)

    const done = await call<{ outcome: string }>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: ticket.challenge
    })
    expect(done.outcome).toBe('done')
    expect(await loginWith(SECRET)).toBe('logged in')
    expect(await loginWith('old-password-1')).toMatch(/password authentication failed/)

    const file = readFileSync(core.audit.path, 'utf8')
    expect(file).toContain("PASSWORD '***'")
    expect(file).not.toContain(SECRET)
    const listed = await call<{ redacted?: boolean; exactStatement: string }[]>('audit.list', {})
    expect(listed.map((e) => [e.exactStatement, e.redacted])).toEqual([
      ["ALTER ROLE redact_it PASSWORD '***'", true],
      ["ALTER ROLE redact_it PASSWORD '***'", true]
    ])
  })
})
