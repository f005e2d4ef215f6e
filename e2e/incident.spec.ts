import { mkdirSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { MONGO_FAKE_PORT } from '../playwright.config'
import { test, expect, uniqueName } from './fixtures'
import { IncidentPage } from './pages/IncidentPage'
import { rpc } from './pages/rpc'
import { holdRowLock, OwnRedis, PG_APP_URL, prepareLockTable, type HeldLock } from './pages/servers'

// Our own redis-server (never the shared ones): the spec kills and restarts it.
const redis = new OwnRedis(46990)
let lock: HeldLock | null = null

const saveAndConnect = async (
  request: Parameters<typeof rpc>[0],
  profile: { name: string; engine: string; url: string; environment: string; allowWrites?: boolean }
): Promise<string> => {
  const { id } = await rpc<{ id: string }>(request, 'connections.save', profile)
  await rpc(request, 'connections.connect', { id })
  return id
}

test.beforeAll(async () => {
  redis.stop()
  redis.start()
  // A slow command in SLOWLOG (redis.slowlog warns from 100 ms) and a 2 MB key.
  redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '0')
  redis.cli('EVAL', 'local i = 0 while i < 3e7 do i = i + 1 end return i', '0')
  redis.cli('EVAL', "redis.call('SET', KEYS[1], string.rep('x', 2097152))", '1', 'big:e2e')
  await prepareLockTable()
})

test.afterAll(async () => {
  await lock?.release()
  redis.stop()
})

test.describe.configure({ mode: 'serial' })

test('ranks PostgreSQL, Redis and Mongo problems worst first and opens a finding', async ({
  ui,
  request
}) => {
  // Ten sessions queued behind one open transaction: pg.blocking-lock is critical (>= 10 blocked).
  lock = await holdRowLock(1, 10)
  const pgName = uniqueName('inc-pg')
  const redisName = uniqueName('inc-redis')
  const mongoName = uniqueName('inc-mongo')
  await saveAndConnect(request, {
    name: pgName,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'production'
  })
  await saveAndConnect(request, {
    name: redisName,
    engine: 'redis',
    url: 'redis://127.0.0.1:46990',
    environment: 'development'
  })
  await saveAndConnect(request, {
    name: mongoName,
    engine: 'mongo',
    url: `mongodb://127.0.0.1:${MONGO_FAKE_PORT}/?replicaSet=rs0`,
    environment: 'staging'
  })
  await ui.reload()
  const incident = new IncidentPage(ui)
  await incident.open()

  const blocking = incident.finding(pgName, 'pg.blocking-lock', `pid ${lock.blockerPid}`)
  await expect(blocking).toBeVisible({ timeout: 20_000 })
  await expect(incident.row(pgName, 'pg.blocking-lock', `pid ${lock.blockerPid}`)).toHaveAttribute(
    'data-severity',
    'critical'
  )
  await expect(incident.connection(redisName).locator('[data-finding-open]').first()).toBeVisible()
  await expect(incident.finding(redisName, 'redis.slowlog', /EVAL/)).toBeVisible()
  await expect(incident.connection(mongoName).locator('[data-finding-open]').first()).toBeVisible()

  // Ranking: critical before warning before info, within every node list, and the first finding on screen is critical.
  const order = { critical: 2, warning: 1, info: 0 } as const
  for (const list of await ui.locator('.incident-findings').all()) {
    const severities = await list
      .locator('li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-severity')))
    const ranks = severities.map((s) => order[s as keyof typeof order])
    expect(ranks, 'each node lists its findings worst first').toEqual([...ranks].sort((a, b) => b - a))
  }
  await expect(ui.locator('li.incident-finding').first()).toHaveAttribute('data-severity', 'critical')
  // The strip of the most urgent across connections: the production blocker is in it, and among its
  // findings production comes before staging before development (a dev critical never buries it).
  const strip = ui.getByTestId('worst-strip')
  await expect(strip.getByText(pgName).first()).toBeVisible()
  const envRank = { production: 2, staging: 1, development: 0 } as const
  const stripEnvs = await strip
    .locator('li[data-kind=finding]')
    .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-environment')))
  const stripRanks = stripEnvs.map((e) => envRank[e as keyof typeof envRank])
  expect(stripRanks, `strip environments ${stripEnvs.join(', ')}`).toEqual(
    [...stripRanks].sort((a, b) => b - a)
  )
  // Rows with a suggested action (Kill op) and rows without keep one column for the rule: nothing shifts.
  const mongoRows = incident.connection(mongoName).locator('.incident-findings').first()
  await expect(mongoRows.locator('.incident-action .btn').first()).toBeVisible()
  const ruleRightEdges = await mongoRows
    .locator('.finding-rule')
    .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().right)))
  expect(new Set(ruleRightEdges).size, `rule column right edges ${ruleRightEdges.join(', ')}`).toBe(1)
  // The Mongo fake's down member and lag, the Redis slow log.
  await expect(incident.connection(mongoName)).toContainText(/down|unhealthy|lag/i)
  await expect(incident.connection(pgName).getByText(/checked \d+ s ago · took \d+ ms/)).toBeVisible()

  mkdirSync('docs/screenshots', { recursive: true })
  await ui.screenshot({ path: 'docs/screenshots/incident.png' })

  // One click opens the connection's health view.
  await blocking.click()
  await expect(ui.getByRole('tab', { name: 'Health' })).toHaveAttribute('aria-selected', 'true')
  await expect(ui.locator('header.pane-head h1')).toHaveText(pgName)
  // ...scrolled to the node the finding was about, which has the focus.
  const node = ui.locator('[data-node][data-focused-node="true"]')
  await expect(node).toBeFocused({ timeout: 15_000 })
  await expect(node).toHaveAttribute('data-node', new URL(PG_APP_URL).host)
})

test('the keyboard walks the findings and Enter opens one', async ({ ui }) => {
  const incident = new IncidentPage(ui)
  await incident.open()
  await expect(incident.findings().first()).toBeVisible({ timeout: 20_000 })
  // Connections answer one by one and the ranking follows: walk it once every one has answered.
  await expect(ui.getByTestId('overview-waiting')).toHaveCount(0, { timeout: 20_000 })
  await ui.locator('body').click({ position: { x: 700, y: 5 } })
  await ui.keyboard.press('j')
  await expect(incident.findings().first()).toBeFocused()
  await ui.keyboard.press('j')
  await expect(incident.findings().nth(1)).toBeFocused()
  await ui.keyboard.press('k')
  await expect(incident.findings().first()).toBeFocused()
  await ui.keyboard.press('Enter')
  await expect(ui.getByRole('tablist', { name: 'Connection views' })).toBeVisible()
})

test('a stopped server shows as failed within one interval and recovers by itself', async ({
  ui,
  request
}) => {
  const name = uniqueName('inc-own-redis')
  await saveAndConnect(request, {
    name,
    engine: 'redis',
    url: 'redis://127.0.0.1:46990',
    environment: 'development'
  })
  await ui.reload()
  const incident = new IncidentPage(ui)
  await incident.open()
  await incident.interval.selectOption('5000')
  await expect(incident.state(name)).toHaveText('connected', { timeout: 15_000 })

  redis.stop()
  // One 5 s interval plus the check itself (a dead Redis answers UNREACHABLE or TIMEOUT within 5 s).
  await expect(incident.state(name)).toHaveText('failed', { timeout: 16_000 })
  await expect(incident.connection(name).getByRole('alert')).toContainText(/UNREACHABLE|TIMEOUT/)
  await expect(incident.connection(name).getByText(/checked \d+ s ago/)).toBeVisible()

  redis.start()
  await expect(incident.state(name)).toHaveText('connected', { timeout: 15_000 })
  await expect(incident.connection(name).getByRole('alert')).toHaveCount(0)
})

test('a server that never answers delays only its own card, never the others', async ({ ui, request }) => {
  // Accepts connections and never says a word: every command to it waits for its 5 s timeout.
  const silent = createServer(() => undefined)
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const port = (silent.address() as AddressInfo).port
  const liveName = uniqueName('inc-live')
  const silentName = uniqueName('inc-silent')
  const liveId = await saveAndConnect(request, {
    name: liveName,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'staging'
  })
  const { id: silentId } = await rpc<{ id: string }>(request, 'connections.save', {
    name: silentName,
    engine: 'redis',
    url: `redis://127.0.0.1:${port}`,
    environment: 'production'
  })
  // Connecting fails (TIMEOUT), and the connection stays open as failed: the overview keeps checking it.
  await expect(rpc(request, 'connections.connect', { id: silentId })).rejects.toThrow(/TIMEOUT/)
  try {
    await ui.reload()
    const incident = new IncidentPage(ui)
    await incident.open()
    // The live card is up while the silent server is still being waited for.
    await expect(incident.state(liveName)).toHaveText('connected', { timeout: 4_000 })
    await expect(ui.getByRole('status').filter({ hasText: `Checking ${silentName}` })).toBeVisible()
    await expect(incident.connection(silentName).getByRole('alert')).toContainText(/TIMEOUT|UNREACHABLE/, {
      timeout: 20_000
    })
  } finally {
    await rpc(request, 'connections.remove', { id: silentId })
    await rpc(request, 'connections.remove', { id: liveId })
    silent.close()
  }
})
