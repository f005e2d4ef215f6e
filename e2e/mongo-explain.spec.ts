import { test, expect } from './fixtures'
import { ExplainViewerPart, MongoExplainPage, mongoFixture, pasteIntoFocused } from './pages/MongoExplainPage'
import { PastePage } from './pages/PastePage'
import { analysisCalls, recordPageCalls } from './pages/rpc'

// explain--collscan-executionstats--mongo7.0: SORT over a COLLSCAN that read 1,200,000 documents
// of shop.orders for 20 returned (critical mongo.collscan, blocking sort, 2.2 s).
const COLLSCAN = mongoFixture('explain--collscan-executionstats--mongo7.0.json')
// explain--ixscan-fetch-filter--mongo4.4: mongo-shell text (ObjectId, NumberLong, Timestamp, a prompt).
const SHELL_TEXT = mongoFixture('explain--ixscan-fetch-filter--mongo4.4.txt')
// explain--sharded-scatter--mongo5.0: SHARD_MERGE over shardA (350,000 examined) and shardB (250,000).
const SHARDED = mongoFixture('explain--sharded-scatter--mongo5.0.json')

test('a pasted COLLSCAN explain shows the scan, its numbers and badges; the finding selects the stage', async ({
  ui
}) => {
  const page = new MongoExplainPage(ui)
  await page.open()
  await expect(ui.getByRole('heading', { name: 'No explain yet' })).toBeVisible()
  await page.paste(COLLSCAN)
  await page.analyze()
  const v = page.viewer
  await expect(v.tree).toBeVisible()
  await expect(v.summary).toContainText('1,200,000')
  await expect(v.summary).toContainText('2.21 s')

  const scan = v.stage('COLLSCAN')
  await expect(scan).toHaveCount(1)
  await expect(scan.locator("[data-col='docs']")).toHaveText('1,200,000')
  await expect(scan.getByText('collscan', { exact: true })).toBeVisible()
  await expect(scan).toContainText('worst ratio')
  await expect(v.stage('SORT').getByText('blocking sort', { exact: true })).toBeVisible()

  // Select another stage first, so the finding's click is what selects the scan.
  await v.stage('SORT').click()
  await expect(v.selectedRow()).toHaveAttribute('data-stage', 'SORT')
  const collscan = v.finding('mongo.collscan')
  await expect(collscan).toContainText('Full collection scan on shop.orders')
  await collscan.getByRole('button').click()
  await expect(v.selectedRow()).toHaveAttribute('data-stage', 'COLLSCAN')
  await expect(v.details.getByRole('heading').first()).toContainText('#1 COLLSCAN')
  await expect(v.details).toContainText('docsExamined')
  await expect(v.details).toContainText('direction')

  await v.finding('mongo.blocking-sort').getByRole('button').click()
  await expect(v.selectedRow()).toHaveAttribute('data-stage', 'SORT')
  await v.finding('mongo.collscan').getByRole('button').click()
  await ui.screenshot({ path: 'docs/screenshots/mongo-explain.png' })
})

test('mongo-shell text with ObjectId() and NumberLong() shows the index scan and the rejected plan', async ({
  ui
}) => {
  const page = new MongoExplainPage(ui)
  await page.open()
  await page.openFile('explain.txt', SHELL_TEXT)
  await page.analyze()
  const v = page.viewer
  const ix = v.stage('IXSCAN')
  await expect(ix).toContainText('userId_1')
  await expect(ix).toContainText('{"userId":1}')
  await expect(ix.locator("[data-col='keys']")).toHaveText('48,210')
  await expect(v.stage('FETCH')).toContainText('{"status":{"$eq":"pending"}}')
  await v.finding('mongo.fetch-filter').getByRole('button').click()
  await expect(v.selectedRow()).toHaveAttribute('data-stage', 'FETCH')

  // Rejected plans are listed, folded.
  const rejected = v.rejected.locator('details')
  await expect(rejected).toHaveCount(1)
  await expect(rejected).not.toHaveAttribute('open')
  await expect(rejected.locator('summary')).toContainText('FETCH → IXSCAN status_1')
})

test('a sharded explain groups its stages per shard', async ({ ui }) => {
  const page = new MongoExplainPage(ui)
  await page.open()
  await page.paste(SHARDED)
  await page.analyze()
  const v = page.viewer
  await expect(v.summary).toContainText('2 shard(s)')
  await expect(v.shardGroup('shardA')).toContainText('350,000')
  await expect(v.shardGroup('shardB')).toContainText('250,000')
  await expect(v.stage('COLLSCAN')).toHaveCount(2)
  await expect(v.finding('mongo.scatter-gather')).toBeVisible()
  // Folding one shard hides only its stages.
  await v.shardGroup('shardA').click()
  await expect(v.stage('COLLSCAN')).toHaveCount(1)
})

test('text that is not an explain shows the code and the message', async ({ ui }) => {
  const page = new MongoExplainPage(ui)
  await page.open()
  await page.paste('{ "ok": 0, "errmsg": "ns does not exist: shop.nope", "code": 26 }')
  await page.analyze()
  const alert = ui.locator('main .alert')
  await expect(alert).toContainText('SERVER_ERROR')
  await expect(alert).toContainText('ns does not exist: shop.nope')
})

test('Paste output routes a Mongo explain to the explain view', async ({ ui }) => {
  await ui
    .getByRole('navigation', { name: 'Connections and views' })
    .getByRole('button', { name: 'Paste output' })
    .click()
  const paste = new PastePage(ui)
  const calls = recordPageCalls(ui)
  await paste.editor.locator('.view-lines').click()
  await pasteIntoFocused(ui, COLLSCAN)
  await paste.analyze()
  const v = new ExplainViewerPart(paste.result)
  await expect(v.stage('COLLSCAN').locator("[data-col='docs']")).toHaveText('1,200,000')
  await expect(v.finding('mongo.collscan')).toBeVisible()
  // The report carried the tree: the paste went to the core once.
  expect(analysisCalls(calls)).toEqual(['analyze.text'])
  await paste.result
    .getByRole('group', { name: 'Explain result view' })
    .getByRole('button', { name: 'Report' })
    .click()
  await expect(paste.result).toContainText('mongo.explain')
})
