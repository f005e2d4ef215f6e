/**
 * Servers a reliability test owns: it may kill -9, restart, promote or reconfigure them, which must never
 * happen to the shared servers of scripts/pg-up.sh / scripts/redis-up.sh. PostgreSQL comes from the same
 * recipe (scripts/pg-up.sh with a private PGBASE and ports 55700-55799, or a helper session's range in
 * 59000-59999); Redis is one redis-server per port (46500-46599) in a private directory.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SCRIPTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts')

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Poll `check` until it returns true or `timeoutMs` passes; returns the elapsed ms, or throws. */
export const waitUntil = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 50
): Promise<number> => {
  const start = Date.now()
  for (;;) {
    if (await check()) return Date.now() - start
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(stepMs)
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export const portAccepts = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      done(true)
    })
    s.once('error', () => done(false))
  })

/** The client-certificate TLS suite's own PostgreSQL and Redis servers (scripts/ports.sh). */
export const TLS_CLIENT_CERT_PORTS = [59500, 59599] as const

const inRange = (port: number, low: number, high: number): boolean => port >= low && port <= high

const PGBIN = (): string => {
  const versions = execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n').sort()
  return `/usr/lib/postgresql/${versions[versions.length - 1] ?? '15'}/bin`
}

const asPostgres = (...cmd: string[]): Promise<{ stdout: string }> =>
  run('runuser', ['-u', 'postgres', '--', ...cmd])

export interface OwnPg {
  base: string
  primaryPort: number
  replicaPort: number
  /** SIGKILL the postmaster of 'primary' or 'replica' (its backends die with it). */
  kill9(which?: 'primary' | 'replica'): void
  /** Start a stopped/killed node again (crash recovery included); resolves once it accepts connections. */
  start(which?: 'primary' | 'replica'): Promise<void>
  /** Stop (fast) and start a node again: postmaster-context settings take effect. */
  restart(which?: 'primary' | 'replica'): Promise<void>
  promoteReplica(): Promise<void>
  /** Append settings to postgresql.conf of a node and reload it. */
  configure(lines: string[], which?: 'primary' | 'replica'): Promise<void>
  /** Replace pg_hba.conf of a node (the local socket and replication stay trusted) and reload it. */
  setHba(lines: string[], which?: 'primary' | 'replica'): Promise<void>
  /** Copy a file into the data dir area, owned by postgres with mode 0600 (server keys need it). */
  installFile(source: string, name: string): string
  down(): Promise<void>
}

/** Ports own PostgreSQL servers may take: the reliability suites' range and the helper sessions' ranges. */
const OWN_PG_PORTS: readonly (readonly [number, number])[] = [
  [55700, 55799],
  [59000, 59999]
]

/** A private primary + streaming replica via scripts/pg-up.sh. */
export const startOwnPg = async (name: string, primaryPort: number, replicaPort: number): Promise<OwnPg> => {
  for (const p of [primaryPort, replicaPort]) {
    if (!OWN_PG_PORTS.some(([low, high]) => p >= low && p <= high))
      throw new Error(`own PG ports must be in 55700-55799 or 59000-59999, got ${p}`)
  }
  const base = `/tmp/rel-pg-${name}`
  const env = {
    ...process.env,
    PGBASE: base,
    PG_PRIMARY_PORT: String(primaryPort),
    PG_REPLICA_PORT: String(replicaPort)
  }
  await run('bash', [join(SCRIPTS, 'pg-up.sh')], { env })
  const dir = (which: 'primary' | 'replica') => join(base, which)
  const portOf = (which: 'primary' | 'replica') => (which === 'primary' ? primaryPort : replicaPort)
  const pg: OwnPg = {
    base,
    primaryPort,
    replicaPort,
    kill9: (which = 'primary') => {
      const pidFile = join(dir(which), 'postmaster.pid')
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
      if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no postmaster pid in ${pidFile}`)
      // The postmaster and its own children (by pid, as a crashed host would lose them all at once).
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)]).toString()
      process.kill(pid, 'SIGKILL')
      for (const child of children
        .split('\n')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 1)) {
        try {
          process.kill(child, 'SIGKILL')
        } catch {
          // already exited with its postmaster
        }
      }
    },
    start: async (which = 'primary') => {
      // After kill -9 the pid file stays; the postmaster detects the dead pid and does crash recovery.
      // Retry briefly: right after a kill the old shared memory can still be attached for a moment.
      for (let attempt = 0; ; attempt++) {
        try {
          await asPostgres(`${PGBIN()}/pg_ctl`, '-D', dir(which), '-l', `${dir(which)}.log`, '-w', 'start')
          break
        } catch (err) {
          if (attempt >= 20) throw err
          await sleep(100)
        }
      }
      await waitUntil(`${which} on ${portOf(which)}`, () => portAccepts(portOf(which)), 20_000)
    },
    restart: async (which = 'primary') => {
      await asPostgres(
        `${PGBIN()}/pg_ctl`,
        '-D',
        dir(which),
        '-l',
        `${dir(which)}.log`,
        '-m',
        'fast',
        '-w',
        'restart'
      )
      await waitUntil(`${which} on ${portOf(which)}`, () => portAccepts(portOf(which)), 20_000)
    },
    promoteReplica: async () => {
      await asPostgres(`${PGBIN()}/pg_ctl`, '-D', dir('replica'), '-w', 'promote')
    },
    configure: async (lines, which = 'primary') => {
      await run('bash', ['-c', `printf '%s\\n' "$@" >> ${dir(which)}/postgresql.conf`, 'conf', ...lines])
      await asPostgres(`${PGBIN()}/pg_ctl`, '-D', dir(which), 'reload')
    },
    setHba: async (lines, which = 'primary') => {
      const kept = ['local all all trust', 'host replication postgres 127.0.0.1/32 trust']
      writeFileSync(join(dir(which), 'pg_hba.conf'), [...kept, ...lines, ''].join('\n'))
      await asPostgres(`${PGBIN()}/pg_ctl`, '-D', dir(which), 'reload')
    },
    installFile: (source, fileName) => {
      const target = join(base, fileName)
      execFileSync('install', ['-o', 'postgres', '-g', 'postgres', '-m', '0600', source, target])
      return target
    },
    down: async () => {
      await run('bash', [join(SCRIPTS, 'pg-down.sh')], { env }).catch(() => undefined)
      rmSync(base, { recursive: true, force: true })
    }
  }
  return pg
}

export interface OwnRedis {
  port: number
  dir: string
  pid(): number
  kill9(): void
  /** Start again with the same arguments; resolves when it answers PING. */
  start(): Promise<void>
  cli(...args: string[]): Promise<string>
  down(): void
}

/** One private redis-server on a port in 46500-46599. `extra` are more redis-server arguments. */
export const startOwnRedis = async (name: string, port: number, extra: string[] = []): Promise<OwnRedis> => {
  if (!inRange(port, 46500, 46599) && !inRange(port, ...TLS_CLIENT_CERT_PORTS))
    throw new Error(
      `own Redis ports must be in 46500-46599 or ${TLS_CLIENT_CERT_PORTS.join('-')}, got ${port}`
    )
  const dir = `/tmp/rel-redis-${name}-${port}`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const pidFile = join(dir, 'redis.pid')
  const tls = extra.includes('--tls-port')
  const args = [
    '--port',
    tls ? '0' : String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--dir',
    dir,
    '--pidfile',
    pidFile,
    '--logfile',
    join(dir, 'redis.log'),
    ...extra
  ]
  const readPid = (): number => Number(readFileSync(pidFile, 'utf8').trim())
  const redis: OwnRedis = {
    port,
    dir,
    pid: readPid,
    kill9: () => {
      const pid = readPid()
      rmSync(pidFile, { force: true })
      process.kill(pid, 'SIGKILL')
    },
    start: async () => {
      await run('redis-server', args)
      await waitUntil(`redis on ${port}`, () => existsSync(pidFile) && portAccepts(port), 10_000)
    },
    cli: async (...cmd) => (await run('redis-cli', ['-p', String(port), ...cmd])).stdout.trim(),
    down: () => {
      try {
        process.kill(readPid(), 'SIGKILL')
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await redis.start()
  return redis
}

/**
 * Counts what the process would report as a crash: unhandled rejections and uncaught exceptions.
 * Vitest installs its own listeners too; ours only record.
 */
export const trackProcessFailures = (): { failures: string[]; stop(): void } => {
  const failures: string[] = []
  const onRejection = (reason: unknown) => failures.push(`unhandledRejection: ${String(reason)}`)
  const onException = (err: unknown) => failures.push(`uncaughtException: ${String(err)}`)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return {
    failures,
    stop: () => {
      process.off('unhandledRejection', onRejection)
      process.off('uncaughtException', onException)
    }
  }
}
