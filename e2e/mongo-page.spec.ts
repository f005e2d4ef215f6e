import { test, expect, uniqueName } from './fixtures'
import { EnginePage } from './pages/EnginePage'
import { rpc } from './pages/rpc'

const MONGO_FAKE_PORT = Number(process.env.E2E_MONGO_PORT ?? 57117)

// The wire-protocol fake from playwright.config.ts: rs0, a secondary 12 s behind, the third member down.
test('the Mongo page shows the replica set with the 12 s lag and the down member', async ({
  app,
  ui,
  request
}) => {
  const name = uniqueName('mongo-page')
  await rpc(request, 'connections.save', {
    name,
    engine: 'mongo',
    url: `mongodb://127.0.0.1:${MONGO_FAKE_PORT}/?replicaSet=rs0`,
    environment: 'development'
  })
  const page = new EnginePage(ui)
  await page.open(app, name, 'Mongo')
  const members = page.rows('Replica set members')
  await expect(members).toHaveCount(3)
  await expect(members.filter({ hasText: 'SECONDARY' })).toContainText('12 s')
  const down = members.filter({ hasText: 'DOWN' })
  await expect(down).toHaveCount(1)
  await expect(down).toHaveAttribute('data-tone', 'bad')
  await expect(down).toContainText('Connection refused')
  await expect(page.findings).toContainText('mongo.replication-lag')
  await expect(ui.getByTestId('cache-fill').first()).toContainText('95')
  // Tinted by the rule's finding about the op: mongo.collscan on a running op is a warning.
  await expect(page.rows('Current operations').filter({ hasText: 'COLLSCAN' }).first()).toHaveAttribute(
    'data-tone',
    'warn'
  )
  await expect(page.rows('Profiler by query shape').first()).toBeVisible()
})
