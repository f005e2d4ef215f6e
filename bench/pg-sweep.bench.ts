/**
 * The full PostgreSQL health sweep (every probe of `dbconsole check`, one connection, sequential) on a
 * database with 10,000 tables and 20,000 indexes. Target: under 2 s. Needs the primary of scripts/pg-up.sh.
 * The database `bench_sweep` is created once (one DO block, committing every 500 tables so the lock table
 * never overflows) and reused by later runs. Prints the slowest probe after the figures.
 */
import pg from 'pg'
import type { PgProbeId } from '../src/shared/records/postgres'
import { openPostgres } from '../src/main/engines/postgres/adapter'
import { sweepPostgres } from '../src/main/engines/postgres/check'
import type { PgSession } from '../src/main/engines/types'
import { pgAdminUrl, pgAppUrl, TEST_SERVERS } from '../src/main/testing/test-servers'
import type { Benchmark } from './harness'

const DB = 'bench_sweep'
const TABLES = 10_000

const ensureDatabase = async (): Promise<void> => {
  const root = new pg.Client({ connectionString: pgAdminUrl() })
  await root.connect()
  const exists = await root.query('select 1 from pg_database where datname = $1', [DB])
  if (!exists.rowCount) await root.query(`create database ${DB}`)
  await root.end()
  const admin = new pg.Client({ connectionString: pgAdminUrl(TEST_SERVERS.pgPrimaryPort, DB) })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename like 't\\_%'`
    )
    if ((rows[0]?.n ?? 0) < TABLES) {
      const started = Date.now()
      await admin.query('create extension if not exists pg_stat_statements')
      await admin.query(`
        do $$
        begin
          for i in 1..${TABLES} loop
            execute format('create table if not exists t_%s (id int primary key, a int, b text)', i);
            execute format('create index if not exists t_%s_a on t_%s (a)', i, i);
            if i % 500 = 0 then commit; end if;
          end loop;
        end $$`)
      console.log(
        `bench_sweep: created ${TABLES} tables / ${TABLES * 2} indexes in ${((Date.now() - started) / 1000).toFixed(1)} s`
      )
    }
  } finally {
    await admin.end()
  }
}

let session: PgSession | null = null
const timings = new Map<PgProbeId, number[]>()

export const benchmarks: Benchmark[] = [
  {
    name: 'pg health sweep, 10k tables / 20k indexes, 1 conn',
    target: 'median < 2000 ms',
    budgetMs: 2000,
    iterations: 5,
    setup: async () => {
      await ensureDatabase()
      session = await openPostgres({
        url: pgAppUrl(TEST_SERVERS.pgPrimaryPort, DB),
        tls: { enabled: false },
        purpose: 'diagnostics'
      })
    },
    run: async () => {
      if (!session) throw new Error('no session')
      const sweep = await sweepPostgres(session)
      for (const [id, r] of Object.entries(sweep.probes))
        if (!r.ok && !r.why.startsWith('needs') && !r.why.startsWith('only'))
          throw new Error(`${id}: ${r.why}`)
      for (const [id, ms] of Object.entries(sweep.timings))
        timings.set(id as PgProbeId, [...(timings.get(id as PgProbeId) ?? []), ms])
    },
    teardown: async () => {
      await session?.close()
      const medians = [...timings.entries()]
        .map(([id, ms]) => [id, [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? 0] as const)
        .sort((a, b) => b[1] - a[1])
      console.log(
        `  slowest probes (median ms): ${medians
          .slice(0, 5)
          .map(([id, ms]) => `${id} ${ms.toFixed(1)}`)
          .join(', ')}`
      )
    }
  }
]
