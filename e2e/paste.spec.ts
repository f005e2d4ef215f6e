import { test, expect } from './fixtures'

const INFO = [
  '# Server',
  'redis_version:7.0.15',
  'redis_mode:standalone',
  '# Memory',
  'used_memory:1048576',
  'used_memory_rss:9437184',
  'mem_fragmentation_ratio:9.00',
  '# Clients',
  'connected_clients:3',
  '# Replication',
  'role:master',
  ''
].join('\n')

test('Monaco renders in the paste view and the pasted output is analyzed', async ({ app }) => {
  const paste = await app.openPaste()
  await expect(paste.editor).toBeVisible()
  await expect(paste.editor.locator('.view-lines')).toBeVisible()
  await paste.paste(INFO)
  await expect(paste.editor.locator('.view-lines')).toContainText('redis_version:7.0.15')
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
