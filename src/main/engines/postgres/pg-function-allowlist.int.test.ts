/**
 * The committed allow-list (pg-function-allowlist.ts) must be what scripts/gen-pg-function-allowlist.ts
 * derives from the live test primary: a PostgreSQL upgrade that changes the catalogue fails here.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgAdminUrl } from '../../testing/test-servers'
import { deriveAllowlist, EXCLUDED_FAMILIES, familyOf } from './function-allowlist-rules'
import { PG_ALLOWLIST_SERVER_VERSION, PG_READ_ONLY_FUNCTIONS } from './pg-function-allowlist'

let admin: pg.Client

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgAdminUrl() })
  await admin.connect()
})

afterAll(async () => {
  await admin?.end()
})

describe('the committed function allow-list', () => {
  it('matches what the generator derives from the live catalogue, server version included', async () => {
    const { list, serverVersion } = await deriveAllowlist(admin)
    expect(serverVersion).toBe(PG_ALLOWLIST_SERVER_VERSION)
    expect([...PG_READ_ONLY_FUNCTIONS]).toEqual(list.names)
  })

  it('excludes the stable members of the SQL-running and xid families that volatility alone would let through', async () => {
    const { list } = await deriveAllowlist(admin)
    const stable = await admin.query<{ proname: string }>(
      `select distinct proname from pg_proc where oid < 16384 and provolatile <> 'v'
        and (proname ~ '_to_xml' or proname in ('ts_rewrite', 'txid_current', 'pg_current_xact_id'))`
    )
    expect(stable.rows.map((r) => r.proname)).toEqual(
      expect.arrayContaining(['table_to_xml', 'schema_to_xml', 'database_to_xml', 'txid_current'])
    )
    for (const { proname } of stable.rows) expect(list.names).not.toContain(proname)
    expect(list.excluded.find((f) => f.family === 'runs-sql')?.stableOrImmutable).toBeGreaterThan(0)
  })

  it('holds no volatile built-in except the named reads, and no member of an excluded family', async () => {
    const volatile = await admin.query<{ proname: string }>(
      `select distinct proname from pg_proc where oid < 16384 and provolatile = 'v' order by 1`
    )
    const onList = volatile.rows.map((r) => r.proname).filter((n) => PG_READ_ONLY_FUNCTIONS.has(n))
    expect(onList).toContain('pg_relation_size')
    expect(onList).not.toContain('query_to_xml')
    for (const name of PG_READ_ONLY_FUNCTIONS) expect(familyOf(name)).toBeUndefined()
    expect(EXCLUDED_FAMILIES.length).toBe(12)
  })
})
