/**
 * Records the raw rows of the PostgreSQL health probes from the real servers of scripts/pg-up.sh into
 * src/main/diagnostics/postgres/fixtures/<probe>--<scenario>--pg<major>.json, with each condition
 * induced for real (the same scenarios as engines/postgres/health.int.test.ts), as the app role sees them.
 *
 *   npx tsx scripts/record-fixtures/postgres.ts [health|schema|inspect|views ...]   (default: every group)
 *
 * Server-wide changes (replay pause, a slot) are undone before it exits, even on failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import { join } from 'node:path'
import type { PgProbeId } from '../../src/shared/records/postgres'
import { openPostgres } from '../../src/main/engines/postgres/adapter'
import {
  createScratchDb,
  flushStats,
  induceBlocking,
  induceBlockedIndexBuild,
  induceDeadTuples,
  induceFailingArchiver,
  induceIndexProblems,
  induceInvalidIndex,
  induceSchemaProblems,
  induceSlowMaintenance,
  induceSlowQuery,
  induceUnusedTable,
  listenOnNetwork,
  makeClean,
  replicaAdmin,
  sleep,
  waitForReplicaDb,
  writeWal,
  type ScratchDb
} from '../../src/main/testing/pg-health-scenarios'
import { OLDEST_SERVER } from '../../src/main/engines/postgres/pg-probe'
import { INSPECT_SQL, PG_PROBES } from '../../src/main/engines/postgres/probes'
import { startOwnPg } from '../../src/main/testing/own-servers'
import { pgAppUrl, TEST_SERVERS } from '../../src/main/testing/test-servers'

const OUT = join(import.meta.dirname, '../../src/main/diagnostics/postgres/fixtures')

const record = async (url: string, scenario: string, probes: PgProbeId[]): Promise<void> => {
  const session = await openPostgres({ url, tls: { enabled: false }, purpose: 'diagnostics' })
  try {
    // The raw rows, as the sweep's parser reads them (a server error throws: no fixture from it).
    const [settings] = await PG_PROBES.pg_settings.run(session, OLDEST_SERVER)
    const version = Number(settings?.['server_version_num'])
    const server = { version, inRecovery: settings?.['in_recovery'] === true }
    const major = Math.floor(version / 10000)
    for (const id of probes) {
      const rows = await PG_PROBES[id].run(session, server).catch((err: unknown) => {
        throw new Error(`${id} (${scenario}): ${err instanceof Error ? err.message : String(err)}`)
      })
      const file = join(OUT, `${id}--${scenario}--pg${major}.json`)
      writeFileSync(file, `${JSON.stringify(rows, null, 1)}\n`)
      console.log(`wrote ${file} (${rows.length} rows)`)
    }
  } finally {
    await session.close()
  }
}

const SCHEMA_PROBES: PgProbeId[] = [
  'sequences',
  'not_valid_constraints',
  'unindexed_foreign_keys',
  'tables_without_primary_key'
]

/** The schema hazards of induceSchemaProblems, and the same probes on a clean database. */
const recordSchema = async (): Promise<void> => {
  const clean = await createScratchDb('health_rec')
  const db = await createScratchDb('health_rec')
  try {
    await makeClean(clean)
    await record(clean.appUrl(), 'clean', SCHEMA_PROBES)
    await induceSchemaProblems(db)
    await record(db.appUrl(), 'hazards', SCHEMA_PROBES)
  } finally {
    await clean.drop()
    await db.drop()
  }
}

/** The raw rows of inspectRelation's statements, `<function>--<scenario>--pg<major>.json`. */
const recordInspection = async (
  url: string,
  scenario: string,
  relation: string,
  kind: keyof typeof INSPECT_SQL
): Promise<void> => {
  const session = await openPostgres({ url, tls: { enabled: false }, purpose: 'diagnostics' })
  try {
    const [found] = await session.query<{ oid: number; major: number }>(
      `select to_regclass($1)::oid::int as oid, current_setting('server_version_num')::int / 10000 as major`,
      [relation]
    )
    if (!found) throw new Error(`no relation ${relation}`)
    const rows = await session.query(INSPECT_SQL[kind], [found.oid])
    const name = kind === 'table' ? 'pgstattuple_approx' : 'pgstatindex'
    const file = join(OUT, `${name}--${scenario}--pg${found.major}.json`)
    writeFileSync(file, `${JSON.stringify(rows, null, 1)}\n`)
    console.log(`wrote ${file} (${rows.length} rows)`)
  } finally {
    await session.close()
  }
}

/**
 * pgstattuple_approx on the churn table (nothing all-visible: every page read, exact) and on a table
 * vacuumed then partly updated (only the pages that lost all-visible are read); pgstatindex on its key.
 */
const recordInspect = async (): Promise<void> => {
  const db = await createScratchDb('health_rec')
  try {
    await induceDeadTuples(db)
    await recordInspection(db.appUrl(), 'churn', 'public.churn', 'table')
    await recordInspection(db.appUrl(), 'churn', 'public.churn_pkey', 'btree')
    await db.admin.query(
      `create table settled (id int primary key, payload text) with (autovacuum_enabled = false)`
    )
    await db.admin.query(`insert into settled select g, repeat('x', 80) from generate_series(1, 100000) g`)
    await db.admin.query('vacuum settled')
    await db.admin.query("update settled set payload = repeat('y', 80) where id <= 5000")
    await recordInspection(db.appUrl(), 'vacuumed-then-updated', 'public.settled', 'table')
  } finally {
    await db.drop()
  }
}

const VIEW_PROBES: PgProbeId[] = [
  'pg_stat_archiver',
  'pg_locks',
  'database_sizes',
  'progress',
  'changed_settings',
  'pg_stat_ssl'
]

/**
 * The server views: clean, a table never read (unused), a row lock waited for (pg_locks), VACUUM, ANALYZE and a blocked CREATE INDEX
 * CONCURRENTLY caught running (progress), and, on a cluster of our own (ports 59400-59401), a failing
 * archive_command, a setting pending a restart and a connection in clear from the machine's network address.
 */
const recordViews = async (): Promise<void> => {
  const db = await createScratchDb('health_rec')
  try {
    await makeClean(db)
    await record(db.appUrl(), 'clean', VIEW_PROBES)
    await induceUnusedTable(db)
    await record(db.appUrl(), 'unused', ['pg_stat_user_tables'])
    const held = await induceBlocking(db)
    try {
      await record(db.appUrl(), 'blocked-idle-tx', ['pg_locks'])
    } finally {
      await held.release()
    }
    for (const command of ['vacuum', 'analyze'] as const) {
      const running = await induceSlowMaintenance(db, command)
      try {
        await record(db.appUrl(), command, ['progress'])
      } finally {
        await running.stop()
      }
    }
    const build = await induceBlockedIndexBuild(db)
    try {
      await record(db.appUrl(), 'cic-waiting', ['progress'])
    } finally {
      await build.stop()
    }
  } finally {
    await db.drop()
  }
  const own = await startOwnPg('pgviews-rec', 59400, 59401)
  try {
    const address = await listenOnNetwork(own)
    await induceFailingArchiver(own)
    await record(pgAppUrl(own.primaryPort), 'failing', ['pg_stat_archiver'])
    await record(pgAppUrl(own.primaryPort), 'pending-restart', ['changed_settings'])
    const remote = new pg.Client({
      connectionString: pgAppUrl(own.primaryPort).replace('127.0.0.1', address),
      application_name: 'remote client'
    })
    await remote.connect()
    try {
      await record(pgAppUrl(own.primaryPort), 'remote-clear', ['pg_stat_ssl'])
    } finally {
      await remote.end()
    }
  } finally {
    await own.down()
  }
}

const groups = process.argv.slice(2)
const wants = (group: string): boolean => groups.length === 0 || groups.includes(group)

const recordHealth = async (): Promise<void> => {
  const dbs: ScratchDb[] = []
  const slot = `health_rec_slot_${process.pid}`
  try {
    const clean = await createScratchDb('health_rec')
    dbs.push(clean)
    await makeClean(clean)
    await record(clean.appUrl(), 'clean', [
      'pg_settings',
      'pg_stat_user_tables',
      'table_bloat_estimate',
      'index_bloat_estimate',
      'pg_stat_user_indexes',
      'pg_database',
      'pg_stat_statements',
      'pg_stat_database',
      'checkpoints',
      'pg_stat_wal'
    ])

    const db = await createScratchDb('health_rec')
    dbs.push(db)
    await induceDeadTuples(db)
    await induceIndexProblems(db)
    await induceInvalidIndex(db)
    await induceSlowQuery(db)
    await flushStats(db)
    await record(db.appUrl(), 'churn', [
      'pg_stat_user_tables',
      'table_bloat_estimate',
      'index_bloat_estimate'
    ])
    await record(db.appUrl(), 'problems', ['pg_stat_user_indexes'])
    await record(db.appUrl(), 'pg-sleep', ['pg_stat_statements'])

    const held = await induceBlocking(db)
    try {
      await sleep(11_000)
      await record(db.appUrl(), 'blocked-idle-tx', ['pg_stat_activity'])
    } finally {
      await held.release()
    }

    await db.admin.query('select pg_create_physical_replication_slot($1, true)', [slot])
    await writeWal(db, 2)
    await record(db.appUrl(), 'inactive-slot', ['pg_replication_slots'])

    await waitForReplicaDb(db.name)
    await record(db.appUrl(TEST_SERVERS.pgReplicaPort), 'replica', ['pg_settings', 'pg_stat_wal_receiver'])
    await record(db.appUrl(), 'streaming', ['pg_stat_replication'])
    const replica = await replicaAdmin()
    try {
      await replica.query('select pg_wal_replay_pause()')
      await sleep(1500)
      await writeWal(db, 24)
      await sleep(1000)
      await record(db.appUrl(), 'replay-paused', ['pg_stat_replication'])
      await record(db.appUrl(TEST_SERVERS.pgReplicaPort), 'replay-paused', ['pg_stat_wal_receiver'])
    } finally {
      await replica.query('select pg_wal_replay_resume()').catch(() => undefined)
      await replica.end()
    }
  } finally {
    await dbs[0]?.admin
      .query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [
        slot
      ])
      .catch(() => undefined)
    for (const d of dbs) await d.drop()
  }
}

mkdirSync(OUT, { recursive: true })
if (wants('schema')) await recordSchema()
if (wants('health')) await recordHealth()
if (wants('inspect')) await recordInspect()
if (wants('views')) await recordViews()
