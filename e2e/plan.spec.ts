import { test, expect, uniqueName } from './fixtures'
import { PlanPage } from './pages/PlanPage'
import { rpc } from './pages/rpc'
import { bigPlan, planFixture } from './plan-fixtures'

const PRIMARY = 'postgres://dbconsole_app:app-secret-Sentinel-7f3a@127.0.0.1:55432/app'

// explain-text--cte-scan--pg15: the CTE's HashAggregate (#1) is the slowest node; the Merge Join (#3)
// expected 162,362 rows and got 9,999: the worst misestimate, and the pg.plan.misestimate finding.
const CTE_PLAN = planFixture('explain-text--cte-scan--pg15.txt')

test('a pasted plan highlights the slowest node and the worst misestimate; a finding selects its node', async ({
  ui
}) => {
  const plan = new PlanPage(ui)
  await plan.open()
  await plan.paste(CTE_PLAN)
  await plan.analyze()
  const v = plan.viewer
  await expect(v.tree).toBeVisible()
  await expect(v.summary).toContainText('75.0 ms')
  await expect(v.row(1)).toContainText('Aggregate')
  await expect(v.row(1).getByText('slowest', { exact: true })).toBeVisible()
  await expect(v.row(3)).toContainText('Merge Join')
  await expect(v.row(3).getByText('worst estimate', { exact: true })).toBeVisible()
  await expect(v.row(3)).toContainText('over')
  // The two badges are on different nodes.
  await expect(v.tree.getByText('slowest', { exact: true })).toHaveCount(1)
  await expect(v.tree.getByText('worst estimate', { exact: true })).toHaveCount(1)

  await v.findings.getByRole('button').filter({ hasText: 'pg.plan.misestimate' }).click()
  await expect(v.selectedRow()).toHaveAttribute('data-node-id', '3')
  await expect(v.detailsTitle()).toContainText('#3 Merge Join')
  await expect(v.details).toContainText('mergeCond')
  // The details of what was selected are in view, not below the findings list.
  await expect(v.details).toBeInViewport()

  // Search narrows the tree; the flame graph selects too.
  await ui.getByRole('searchbox', { name: 'Search nodes' }).fill('cte scan')
  await expect(ui.getByText('2 of 8 nodes match')).toBeVisible()
  await ui.getByRole('searchbox', { name: 'Search nodes' }).fill('')
  await v.showFlame()
  await v.flame.locator("[data-node-id='2']").click()
  await expect(v.detailsTitle()).toContainText('#2 Seq Scan on plan_orders')
  await ui.getByRole('group', { name: 'Plan display' }).getByRole('button', { name: 'Tree' }).click()
  await ui.screenshot({ path: 'docs/screenshots/plan.png' })
})

test('a single-node misestimate plan puts both badges on the scan', async ({ ui }) => {
  const plan = new PlanPage(ui)
  await plan.open()
  await plan.openFile('misestimate.json', planFixture('explain-json--misestimate--pg15.json'))
  await plan.analyze()
  const row = plan.viewer.row(0)
  await expect(row).toContainText('Seq Scan on plan_corr')
  await expect(row.getByText('slowest', { exact: true })).toBeVisible()
  await expect(row.getByText('worst estimate', { exact: true })).toBeVisible()
  await expect(row).toContainText('×100 under')
})

test('text that is not a plan shows the code, message and line', async ({ ui }) => {
  const plan = new PlanPage(ui)
  await plan.open()
  await plan.paste('hello, this is not a plan')
  await plan.analyze()
  await expect(plan.input('Plan').getByRole('alert')).toContainText('UNRECOGNIZED')
})

test('a 1,000-node plan renders virtualized and scrolls to the last node', async ({ ui }) => {
  const plan = new PlanPage(ui)
  await plan.open()
  await plan.openFile('big.json', bigPlan(1000))
  await plan.analyze()
  const v = plan.viewer
  await expect(v.summary).toContainText('1,000')
  await expect(v.row(0)).toContainText('Append')
  const rendered = await v.tree.locator("[role='treeitem']").count()
  expect(rendered, 'only the rows in view are in the DOM').toBeLessThan(100)
  await v.tree.evaluate((el) => {
    const box = el as unknown as { scrollTop: number; scrollHeight: number }
    box.scrollTop = box.scrollHeight
  })
  await expect(v.row(999)).toContainText('Seq Scan on part_0999')
  await expect(v.row(999)).toBeInViewport()
  // Keyboard: Home goes back to the root.
  await v.row(999).click()
  await v.tree.press('Home')
  await expect(v.row(0)).toBeInViewport()
  await expect(v.selectedRow()).toHaveAttribute('data-node-id', '0')
})

test('compare shows two plans with the differences highlighted', async ({ ui }) => {
  const plan = new PlanPage(ui)
  await plan.open()
  await plan.compareMode()
  // The same query recorded twice (JSON run: 102.7 ms, text run: 75.0 ms).
  await plan.openFile('before.json', planFixture('explain-json--cte-scan--pg15.json'), 'Before')
  await plan.analyze('Before')
  await plan.openFile('after.txt', planFixture('explain-text--cte-scan--pg15.txt'), 'After')
  await plan.analyze('After')
  const totals = ui.getByRole('table', { name: 'Totals compared' })
  const execution = totals.getByRole('row').filter({ hasText: 'Execution time' })
  await expect(execution).toHaveAttribute('data-trend', 'faster')
  await expect(execution).toContainText(/\d+\.\dx faster/)
  // Buffers are compared too, and counts read as differences, never as "-100 % faster".
  await expect(totals.getByRole('row').filter({ hasText: 'Shared blocks hit (cache)' })).toBeVisible()
  await expect(totals).not.toContainText('%')
  const nodes = ui.getByRole('table', { name: 'Nodes compared' })
  await expect(nodes.getByRole('row')).toHaveCount(9)
  await expect(nodes.locator("tr[data-trend='faster']").first()).toBeVisible()
  await expect(nodes.locator("tr[data-trend='faster'] .plan-trend").first()).toContainText('faster')
})

test('live EXPLAIN on the primary shows a plan; EXPLAIN ANALYZE of FOR UPDATE is refused', async ({
  ui,
  request
}) => {
  const name = uniqueName('plan-pg')
  await rpc(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PRIMARY,
    environment: 'development'
  })
  await ui.reload()
  const plan = new PlanPage(ui)
  await ui.getByRole('list', { name: 'Connections' }).getByRole('button').filter({ hasText: name }).click()
  await ui.getByRole('tab', { name: 'Plan' }).click()
  await plan.typeStatement('select relname from pg_class where relkind = $$r$$')
  await ui.getByRole('button', { name: 'EXPLAIN', exact: true }).click()
  await expect(plan.viewer.row(0)).toContainText('pg_class')
  await expect(ui.getByText('Plan only: the statement was not executed.')).toBeVisible()

  await plan.typeStatement('select * from pg_class for update')
  await ui.getByRole('checkbox', { name: 'ANALYZE' }).check()
  await ui.getByRole('button', { name: 'EXPLAIN ANALYZE', exact: true }).click()
  const refusal = ui.getByRole('region', { name: 'EXPLAIN result' }).getByRole('alert')
  await expect(refusal).toContainText('FOR UPDATE')
  await expect(refusal).toContainText('EXPLAIN refused')
})
