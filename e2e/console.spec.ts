import { test, expect, uniqueName } from './fixtures'
import type { AppPage } from './pages/AppPage'
import { ConfirmDialogPage } from './pages/ConfirmDialogPage'
import { ConsolePage } from './pages/ConsolePage'
import { rpc } from './pages/rpc'
import { PG_APP_URL, prepareLockTable } from './pages/servers'

test.beforeAll(async () => {
  await prepareLockTable()
})

const openConsole = async (app: AppPage, request: Parameters<typeof rpc>[0]) => {
  const name = uniqueName('console-pg')
  const { id } = await rpc<{ id: string }>(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'development'
  })
  await rpc(request, 'connections.connect', { id })
  await app.page.reload()
  await app.openConnection(name)
  const console = new ConsolePage(app.page)
  await console.open()
  return { name, console }
}

test('runs a SELECT into the grid; an UPDATE opens the confirm dialog', async ({ app, request, ui }) => {
  const { console } = await openConsole(app, request)
  await console.run("select 1 as one, 'hello <b>x</b>' as two, null as three")
  await expect(console.grid).toBeVisible()
  await expect(console.grid.getByRole('columnheader', { name: 'two' })).toBeVisible()
  await expect(console.grid.getByRole('cell', { name: 'hello <b>x</b>' })).toBeVisible()
  await expect(console.grid.getByRole('cell', { name: 'NULL' })).toBeVisible()
  await expect(console.rowCount).toHaveText('1 row')

  await console.run('update dbconsole_e2e_lock set v = v where id = 3')
  const dialog = new ConfirmDialogPage(ui)
  await expect(dialog.root).toBeVisible()
  await expect(dialog.root).toContainText(/update dbconsole_e2e_lock|READ_ONLY_PROFILE/i)
  await dialog.cancel()
  await expect(console.result).toContainText('Confirmation required')

  // History keeps both statements, newest first; a click puts one back.
  await expect(console.history.getByRole('button')).toHaveCount(2)
  await console.history.getByRole('button', { name: /select 1 as one/ }).click()
  await expect(console.editor).toContainText('select 1 as one')
})

test('a slow statement shows in the running-requests tray; Cancel stops it and the console goes on', async ({
  app,
  request,
  ui
}) => {
  const { name, console } = await openConsole(app, request)
  await console.run('select pg_sleep(30)')
  const tray = ui.getByRole('region', { name: 'Running requests' })
  const row = tray.getByTestId('running-call')
  await expect(row).toContainText(`Running statement on ${name}`)
  await expect(row).toContainText(/\d+ s/)
  await row.getByRole('button', { name: `Cancel: Running statement on ${name}` }).click()
  await expect(console.result).toContainText('CANCELLED', { timeout: 3_000 })
  await expect(tray).toHaveCount(0)
  // The pooled connection that was cancelled on the server is not left broken for the next statement.
  await console.run('select 6 * 7 as answer')
  await expect(console.grid.getByRole('cell', { name: '42', exact: true })).toBeVisible()
})

test('a million-row SELECT is capped with a notice and the page stays responsive', async ({
  app,
  request,
  ui
}) => {
  const { console } = await openConsole(app, request)
  await console.run('select generate_series(1, 1000000) as n')
  await expect(console.truncated).toContainText(
    /truncated: showing first 10,000 rows \(limit 10,000 rows\)/,
    {
      timeout: 20_000
    }
  )
  await expect(console.grid.getByRole('cell', { name: '1', exact: true }).first()).toBeVisible()
  // Scroll the grid to the end: the virtualized rows follow.
  await console.grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(console.grid.getByRole('cell', { name: '10000', exact: true })).toBeVisible()

  const started = Date.now()
  await ui.getByRole('tab', { name: 'Overview' }).click()
  await expect(ui.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true', {
    timeout: 1_000
  })
  expect(Date.now() - started, 'switching tabs after 10,000 rows takes under a second').toBeLessThan(1_000)
})

test('the draft survives a reload', async ({ app, request, ui }) => {
  const { name, console } = await openConsole(app, request)
  await console.editor.locator('.view-lines').click()
  await ui.keyboard.insertText("select 'kept after reload'")
  await ui.waitForTimeout(800)
  await ui.reload()
  await app.openConnection(name)
  await console.open()
  await expect(console.editor).toContainText("select 'kept after reload'")
})

test('Paste output routes a PostgreSQL plan to the plan viewer and other output to the report', async ({
  app
}) => {
  const paste = await app.openPaste()
  await paste.paste(
    [
      'Seq Scan on orders  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.010..0.200 rows=2550 loops=1)',
      'Planning Time: 0.050 ms',
      'Execution Time: 0.300 ms'
    ].join('\n')
  )
  await paste.analyze()
  await expect(paste.result.getByRole('button', { name: 'Plan view' })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await expect(paste.result).toContainText('Seq Scan')
  await paste.result.getByRole('button', { name: 'Report' }).click()
  await expect(paste.result).toContainText('pg.plan')
})
