/**
 * Throw-away redis-server processes for tests and the fixture recorder: destructive scenarios (stop a
 * master, kill a cluster master) run on these, never on the shared servers of scripts/redis-up.sh.
 * Ports: 46000-46999 standalone/replica, 45001-45006 cluster (bus port = port + 10000 must stay < 65536).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import RedisParser from 'redis-parser'

export interface OwnRedis {
  port: number
  dir: string
  proc: ChildProcess
  stop(): Promise<void>
}

export const redisCli = (port: number, args: string[], opts: { noRaw?: boolean } = {}): string =>
  execFileSync('redis-cli', ['-p', String(port), ...(opts.noRaw ? ['--no-raw'] : []), ...args], {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore']
  })

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export const waitFor = async (what: string, test: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    try {
      if (test()) return
    } catch (err) {
      // Not up yet, unless the process is gone.
      if (err instanceof Error && err.message.includes('exited with')) throw err
    }
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}`)
}

export const startRedis = async (port: number, extra: string[] = []): Promise<OwnRedis> => {
  const dir = mkdtempSync(join(tmpdir(), `rt-redis-${port}-`))
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--enable-debug-command',
      'local',
      ...extra
    ],
    { stdio: 'ignore' }
  )
  try {
    await waitFor(`redis on ${port}`, () => {
      if (proc.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${proc.exitCode}`)
      return redisCli(port, ['ping']).trim() === 'PONG'
    })
  } catch (err) {
    proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  let stopped = false
  return {
    port,
    dir,
    proc,
    stop: async () => {
      if (stopped) return
      stopped = true
      if (proc.exitCode === null) {
        const exited = new Promise<void>((r) => proc.once('exit', () => r()))
        proc.kill('SIGKILL')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export const startCluster = async (ports: number[]): Promise<OwnRedis[]> => {
  const nodes = await Promise.all(
    ports.map((p) =>
      startRedis(p, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '1000'
      ])
    )
  )
  execFileSync(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes'
    ],
    { stdio: 'ignore' }
  )
  await waitFor('cluster_state:ok', () =>
    ports.every((p) => redisCli(p, ['cluster', 'info']).includes('cluster_state:ok'))
  )
  return nodes
}

/** Sends one command on a fresh socket and returns the reply's raw RESP bytes, exactly as the server sent them. */
export const rawResp = (port: number, ...args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    const parser = new RedisParser({
      returnReply: () => finish(),
      returnError: () => finish(),
      returnFatalError: (e: Error) => reject(e)
    })
    const finish = (): void => {
      socket.end()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    socket.on('error', reject)
    socket.on('data', (d: Buffer) => {
      chunks.push(d)
      parser.execute(d)
    })
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
  })
