/**
 * Records the raw rows of the PgBouncer admin console probes from the real PgBouncer of
 * scripts/pgbouncer-up.sh into src/main/diagnostics/pgbouncer/fixtures/<probe>--<scenario>--pgbouncer<major.minor>.json,
 * as the app role (stats_users) sees them:
 *   rest       the console with nothing waiting
 *   saturated  a pool_size=1 pool held by an open transaction, a second client waiting (saturatePool)
 *
 *   npx tsx scripts/record-fixtures/pgbouncer.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGBOUNCER_PROBE_IDS } from '../../src/main/diagnostics/pgbouncer/records'
import { openPostgres } from '../../src/main/engines/postgres/adapter'
import { createScratchDb } from '../../src/main/testing/pg-health-scenarios'
import { saturatePool, withPgBouncerAdmin } from '../../src/main/testing/pgbouncer-scenarios'
import { pgAppUrl } from '../../src/main/testing/test-servers'

const OUT = join(import.meta.dirname, '../../src/main/diagnostics/pgbouncer/fixtures')

const record = async (scenario: string): Promise<void> => {
  const session = await openPostgres({
    url: withPgBouncerAdmin(pgAppUrl()),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })
  const console = await session.openPgBouncer?.()
  if (!console) throw new Error('the URL names no PgBouncer admin console')
  try {
    const version = /PgBouncer (\d+\.\d+)/.exec(await console.version())?.[1] ?? 'unknown'
    for (const probe of PGBOUNCER_PROBE_IDS) {
      const file = join(OUT, `${probe}--${scenario}--pgbouncer${version}.json`)
      writeFileSync(file, `${JSON.stringify(await console.show(probe), null, 2)}\n`)
      process.stdout.write(`${file}\n`)
    }
  } finally {
    await console.close()
    await session.close()
  }
}

mkdirSync(OUT, { recursive: true })
await record('rest')
const db = await createScratchDb('pgbrec')
try {
  const saturated = await saturatePool(db)
  try {
    await record('saturated')
  } finally {
    await saturated.release()
  }
} finally {
  await db.admin.query(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
  )
  await db.drop()
}
