/**
 * Writes src/main/engines/postgres/pg-function-allowlist.ts from a live server's catalogue (rules:
 * function-allowlist-rules.ts). Run against the test primary after a PostgreSQL upgrade:
 * `npx tsx scripts/gen-pg-function-allowlist.ts [postgres://postgres@127.0.0.1:55432/postgres]`;
 * the output is committed, and pg-function-allowlist.int.test.ts fails when it drifts.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { deriveAllowlist, renderAllowlistModule } from '../src/main/engines/postgres/function-allowlist-rules'
import { pgAdminUrl } from '../src/main/testing/test-servers'

const target = join(
  import.meta.dirname,
  '..',
  'src',
  'main',
  'engines',
  'postgres',
  'pg-function-allowlist.ts'
)

const main = async (): Promise<void> => {
  const client = new pg.Client({ connectionString: process.argv[2] ?? pgAdminUrl() })
  await client.connect()
  try {
    const { list, serverVersion } = await deriveAllowlist(client)
    writeFileSync(target, renderAllowlistModule(list, serverVersion))
    console.log(`${list.names.length} names from PostgreSQL ${serverVersion} written to ${target}`)
    for (const f of list.excluded)
      console.log(`  excluded ${f.family}: ${f.total} (${f.stableOrImmutable} stable or immutable)`)
  } finally {
    await client.end()
  }
}

await main()
