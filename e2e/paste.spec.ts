import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { pasteIntoFocused } from './pages/MongoExplainPage'
import { PlanViewerPart } from './pages/PlanPage'
import { analysisCalls, recordPageCalls } from './pages/rpc'
import { planFixture } from './plan-fixtures'

// A whole INFO everything captured from Redis 7.0 (a hand-cut copy is now refused as TRUNCATED, rightly).
const INFO = readFileSync(
  join(
    import.meta.dirname,
    '../src/main/diagnostics/redis/fixtures/info-everything--standalone--redis7.0.txt'
  ),
  'utf8'
).replace(/\r\n/g, '\n')

test('Monaco renders in the paste view and the pasted output is analyzed', async ({ app }) => {
  const paste = await app.openPaste()
  await expect(paste.editor).toBeVisible()
  await expect(paste.editor.locator('.view-lines')).toBeVisible()
  await paste.paste(INFO)
  // Monaco draws only the lines in view: after the paste, the end of the reply.
  await expect(paste.editor.locator('.view-lines')).toContainText('# Keyspace')
  await paste.analyze()
  await expect(paste.result).toContainText('redis.info')
  await expect(paste.result.getByRole('definition').first()).toBeVisible()
  await expect(paste.result).toContainText('7.0.15')
})

test('output that is not understood shows the error code and message', async ({ app }) => {
  const paste = await app.openPaste()
  await paste.paste('hello, this is not server output')
  await paste.analyze()
  await expect(paste.result.getByRole('alert')).toContainText('UNRECOGNIZED')
})

test('a pasted plan opens the plan viewer from the one analysis call that read it', async ({ app }) => {
  const paste = await app.openPaste()
  const calls = recordPageCalls(paste.page)
  await paste.editor.locator('.view-lines').click()
  await pasteIntoFocused(paste.page, planFixture('explain-text--cte-scan--pg15.txt'))
  await paste.analyze()
  const viewer = new PlanViewerPart(paste.page, paste.result)
  await expect(viewer.row(3)).toContainText('Merge Join')
  await viewer.findings.getByRole('button').filter({ hasText: 'pg.plan.misestimate' }).click()
  await expect(viewer.selectedRow()).toHaveAttribute('data-node-id', '3')
  expect(analysisCalls(calls)).toEqual(['analyze.text'])
})
