import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import pg from 'pg'

/** The superuser of the sandbox primary: trust auth, for setting up conditions only. */
export const PG_SUPER_URL = 'postgres://postgres@127.0.0.1:55432/app'
export const PG_APP_URL = 'postgres://dbconsole_app:app-secret-Sentinel-7f3a@127.0.0.1:55432/app'

/** A throw-away redis-server this spec owns (never the shared ones): it can be killed and restarted. */
export class OwnRedis {
  readonly pidFile: string

  constructor(readonly port: number) {
    this.pidFile = `/tmp/dbconsole-e2e-redis-${port}.pid`
  }

  start(): void {
    execFileSync('redis-server', [
      '--port',
      String(this.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      this.pidFile,
      '--logfile',
      `/tmp/dbconsole-e2e-redis-${this.port}.log`
    ])
    this.cli('PING')
  }

  /** Stops exactly the server this object started (by its pid file). */
  stop(): void {
    if (!existsSync(this.pidFile)) return
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim())
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
    rmSync(this.pidFile, { force: true })
  }

  cli(...args: string[]): string {
    for (let i = 0; ; i++) {
      try {
        return execFileSync('redis-cli', ['-p', String(this.port), ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore']
        })
      } catch (err) {
        if (i >= 20) throw err
        execFileSync('sleep', ['0.1'])
      }
    }
  }
}

/** A PostgreSQL client with a name, kept open by the test. */
export const pgClient = async (url: string, applicationName = 'dbconsole e2e'): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: url, application_name: applicationName })
  client.on('error', () => undefined)
  await client.connect()
  return client
}

export const backendPid = async (client: pg.Client): Promise<number> =>
  Number((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid)

/** A row lock held in an open transaction by `blocker`, and `waiters` sessions queued behind it. */
export interface HeldLock {
  blockerPid: number
  release(): Promise<void>
}

export const LOCK_TABLE = 'public.dbconsole_e2e_lock'

export const prepareLockTable = async (): Promise<void> => {
  const su = await pgClient(PG_SUPER_URL, 'dbconsole e2e setup')
  try {
    await su.query(`create table if not exists ${LOCK_TABLE} (id int primary key, v int not null default 0)`)
    await su.query(`grant select, update on ${LOCK_TABLE} to dbconsole_app`)
    await su.query(`insert into ${LOCK_TABLE} (id) values (1), (2), (3), (4), (5) on conflict do nothing`)
  } finally {
    await su.end()
  }
}

/**
 * Holds row `id` as dbconsole_app by default (so a profile of that role may terminate it), or as the role
 * of `blockerUrl`, with `waiters` blocked behind.
 */
export const holdRowLock = async (
  id: number,
  waiters: number,
  applicationName = 'dbconsole e2e blocker',
  blockerUrl = PG_APP_URL
): Promise<HeldLock> => {
  const blocker = await pgClient(blockerUrl, applicationName)
  await blocker.query('begin')
  await blocker.query(`update ${LOCK_TABLE} set v = v + 1 where id = $1`, [id])
  const blockerPid = await backendPid(blocker)
  const queued = await Promise.all(
    Array.from({ length: waiters }, () => pgClient(PG_APP_URL, 'dbconsole e2e waiter'))
  )
  for (const w of queued)
    void w.query(`update ${LOCK_TABLE} set v = v + 1 where id = $1`, [id]).catch(() => undefined)
  return {
    blockerPid,
    release: async () => {
      await blocker.query('rollback').catch(() => undefined)
      await Promise.all([blocker, ...queued].map((c) => c.end().catch(() => undefined)))
    }
  }
}

/** Whether a backend still exists, asked as the superuser. */
export const backendAlive = async (pid: number): Promise<boolean> => {
  const su = await pgClient(PG_SUPER_URL, 'dbconsole e2e check')
  try {
    const { rows } = await su.query('select 1 from pg_stat_activity where pid = $1', [pid])
    return rows.length > 0
  } finally {
    await su.end()
  }
}
