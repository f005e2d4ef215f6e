/**
 * The confirm dialog's row estimate for UPDATE/DELETE previews, through the core on the real primary:
 * a 1000-row table (schema estimate_it of db `app`, created and dropped here) must estimate ~1000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreparedAction } from '../../../shared/actions'
import { useTestCore } from '../../testing/test-core'
import { pgAdminUrl, pgAppUrl } from '../../testing/test-servers'
import pg from 'pg'

const { call } = useTestCore('estimate')
const appAdmin = new pg.Client({ connectionString: pgAdminUrl(undefined, 'app') })
let connectionId = ''

beforeAll(async () => {
  await appAdmin.connect()
  await appAdmin.query('drop schema if exists estimate_it cascade')
  await appAdmin.query('create schema estimate_it')
  await appAdmin.query('create table estimate_it.t (id int primary key, v int not null)')
  await appAdmin.query('insert into estimate_it.t select g, 0 from generate_series(1, 1000) g')
  await appAdmin.query('analyze estimate_it.t')
  await appAdmin.query('grant usage on schema estimate_it to dbconsole_app')
  await appAdmin.query('grant select, update, delete on estimate_it.t to dbconsole_app')
  connectionId = (
    await call<{ id: string }>('connections.save', {
      name: 'estimate',
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'staging',
      allowWrites: true
    })
  ).id
})

afterAll(async () => {
  await appAdmin.query('drop schema if exists estimate_it cascade')
  await appAdmin.end()
})

const prepare = (action: string, sql: string) =>
  call<PreparedAction>('actions.prepare', { connectionId, action, target: { sql } })

describe('row estimate of a write preview', () => {
  it.each([
    ['postgres.consoleStatement', 'update estimate_it.t set v = 1'],
    ['postgres.consoleStatement', 'delete from estimate_it.t'],
    ['postgres.explainAnalyzeWrite', 'update estimate_it.t set v = 1']
  ])('%s of `%s` estimates ~1000 rows, not 0', async (action, sql) => {
    const ticket = await prepare(action, sql)
    expect(ticket.preview.facts.top_node).toBe('ModifyTable')
    expect(ticket.preview.facts.estimated_rows).toBeGreaterThanOrEqual(900)
    expect(ticket.preview.facts.estimated_rows).toBeLessThanOrEqual(1100)
  })

  it('estimates the few rows a WHERE keeps', async () => {
    const ticket = await prepare('postgres.consoleStatement', 'update estimate_it.t set v = 1 where id = 7')
    expect(ticket.preview.facts.estimated_rows).toBe(1)
  })
})
