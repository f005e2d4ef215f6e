import pg from 'pg'
import { test, expect, uniqueName } from './fixtures'
import { rpc } from './pages/rpc'

const PRIMARY = 'postgres://dbconsole_app:app-secret-Sentinel-7f3a@127.0.0.1:55432/app'
// Superuser with trust auth: only for setting up the condition the timeline must show.
const SUPERUSER = 'postgres://postgres@127.0.0.1:55432/app'
const TABLE = `e2e_history_nokey_${process.pid}`

const admin = async (sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: SUPERUSER })
  await client.connect()
  await client.query(sql).finally(() => client.end())
}

test.afterAll(() => admin(`drop table if exists ${TABLE}`))

test('the History tab shows when a finding appeared and when it cleared, newest first', async ({
  app,
  ui,
  request
}) => {
  test.setTimeout(60_000)
  await admin(`create table ${TABLE} (a int)`)
  const name = uniqueName('pg-history')
  const { id } = await rpc<{ id: string }>(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PRIMARY,
    environment: 'development'
  })
  await rpc(request, 'connections.connect', { id })
  // Each sweep tells the history what it saw: one with the table, one after it is dropped.
  await rpc(request, 'overview.run', { connectionId: id })
  await admin(`drop table ${TABLE}`)
  await rpc(request, 'overview.run', { connectionId: id })

  await ui.reload()
  await app.connectionItem(name).click()
  await ui.getByRole('tab', { name: 'History', exact: true }).click()
  const rows = ui.getByRole('table', { name: 'Timeline events' }).locator('tbody tr')
  const ours = rows.filter({ hasText: `public.${TABLE}` })
  await expect(ours).toHaveCount(2)
  await expect(ours.nth(0)).toContainText('cleared')
  await expect(ours.nth(0)).toContainText(/last seen /)
  await expect(ours.nth(1)).toContainText('appeared')
  await expect(ours.nth(1)).toContainText(`Table public.${TABLE} has no primary key`)
  await expect(ui.getByTestId('history-summary')).toContainText(/\d+ findings? appeared, \d+ cleared/)
})
