import { test, expect, uniqueName } from './fixtures'
import { ConfirmDialogPage } from './pages/ConfirmDialogPage'
import { IncidentPage } from './pages/IncidentPage'
import { rpc } from './pages/rpc'
import {
  backendAlive,
  holdRowLock,
  PG_APP_URL,
  PG_SUPER_URL,
  prepareLockTable,
  type HeldLock
} from './pages/servers'

let lock: HeldLock | null = null

test.beforeAll(async () => {
  await prepareLockTable()
})

test.afterAll(async () => {
  await lock?.release()
})

test("a superuser's blocker: the preview says the app role cannot terminate it, before any typing", async ({
  ui,
  request
}) => {
  // The demo's case (issue 19.1): the blocker is a superuser's session; the profile's role has
  // pg_signal_backend, which does not cover superusers' backends.
  lock = await holdRowLock(5, 1, 'dbconsole e2e superuser blocker', PG_SUPER_URL)
  const name = uniqueName('priv-pg')
  const { id } = await rpc<{ id: string }>(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'staging',
    allowWrites: true
  })
  await rpc(request, 'connections.connect', { id })
  await ui.reload()
  const incident = new IncidentPage(ui)
  await incident.open()

  const pid = lock.blockerPid
  const row = incident.row(name, 'pg.blocking-lock', `pid ${pid}`)
  await expect(row).toBeVisible({ timeout: 20_000 })
  await row.getByRole('button', { name: `Terminate pid ${pid}…` }).click()

  const dialog = new ConfirmDialogPage(ui)
  await expect(dialog.root).toBeVisible()
  const privileges = dialog.root.getByRole('alert', { name: 'Privileges' })
  await expect(privileges).toContainText(/cannot terminate with this role/i)
  await expect(privileges).toContainText('belongs to the superuser postgres')
  await expect(privileges).toContainText('Next step: Connect as a superuser')
  // Nothing to type: the challenge is not offered and Confirm stays disabled.
  await expect(dialog.input).toBeDisabled()
  await expect(dialog.confirm).toBeDisabled()
  await dialog.cancel()
  expect(await backendAlive(pid)).toBe(true)
})
