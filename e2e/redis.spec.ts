import { Redis } from 'ioredis'
import { test, expect, uniqueName } from './fixtures'
import { EnginePage } from './pages/EnginePage'
import { rpc } from './pages/rpc'

const STANDALONE = 'redis://127.0.0.1:56379'
const CLUSTER = 'redis://127.0.0.1:47001?cluster=true'
const CLIENT_NAME = 'e2e-slow-client'

test.beforeAll(async () => {
  // A named client runs a slow command so SLOWLOG has a group with a client name (DEBUG is fine in a spec).
  const redis = new Redis(STANDALONE, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  try {
    await redis.call('CLIENT', 'SETNAME', CLIENT_NAME)
    await redis.call('DEBUG', 'SLEEP', '0.02')
    // One clearly big key for the scan to find.
    await redis.set('e2e:bigkeys:blob', 'x'.repeat(200_000), 'EX', 600)
  } finally {
    redis.disconnect()
  }
})

test('the Redis page of the standalone shows fragmentation, SLOWLOG groups and a memory chart; big keys scan', async ({
  app,
  ui,
  request
}) => {
  test.setTimeout(60_000)
  const name = uniqueName('redis-page')
  await rpc(request, 'connections.save', {
    name,
    engine: 'redis',
    url: STANDALONE,
    environment: 'development'
  })
  const page = new EnginePage(ui)
  await page.open(app, name, 'Redis')

  await expect(ui.getByTestId('fragmentation')).toContainText(/\d+\.\d\d/)
  // An almost empty instance reads a high ratio; redis.fragmentation stays quiet, and so does the page.
  await expect(ui.getByTestId('fragmentation')).not.toHaveAttribute('data-tone')
  const debug = page.rows('Slowlog by command').filter({ hasText: 'DEBUG' })
  await expect(debug).toHaveCount(1)
  await expect(debug).toContainText(CLIENT_NAME)

  const memory = page.chart('chart-memory')
  await expect
    .poll(async () => Number(await memory.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2)

  await ui.getByRole('button', { name: 'Scan for big keys' }).click()
  await expect(ui.getByTestId('bigkeys-summary')).toContainText('keys scanned', { timeout: 30_000 })
  await expect(page.rows('Biggest keys').filter({ hasText: 'e2e:bigkeys:blob' })).toHaveCount(1)
  await ui.screenshot({ path: 'docs/screenshots/redis.png' })
})

test('the Redis page of the cluster draws the map: 3 masters and their slot ranges', async ({
  app,
  ui,
  request
}) => {
  const name = uniqueName('redis-cluster')
  await rpc(request, 'connections.save', { name, engine: 'redis', url: CLUSTER, environment: 'development' })
  const page = new EnginePage(ui)
  await page.open(app, name, 'Redis')
  const map = ui.getByRole('list', { name: 'Cluster map' })
  const masters = map.locator('[data-testid=cluster-node][data-role=master]')
  await expect(masters).toHaveCount(3)
  await expect(map).toContainText('0-5460')
  await expect(map).toContainText('5461-10922')
  await expect(map).toContainText('10923-16383')
  await expect(map.locator('[data-health=ok]')).toHaveCount(3)
  await expect(ui.getByTestId('cluster-summary')).toContainText('16,384 of 16,384')
})
