/**
 * Records the CLUSTER NODES / SHARDS / INFO shapes of issue 17 from real servers:
 * `npx tsx scripts/record-fixtures/redis-cluster-shapes.ts`.
 * - the shared cluster (read-only): CLUSTER NODES in redis-cli's formatted print (`1) "..."`, what EXEC
 *   prints for it: redis-cli prints a bare CLUSTER NODES raw even with --no-raw), piped with --no-raw and
 *   typed at a terminal (`script` gives redis-cli a tty), its raw RESP bytes, and CLUSTER SHARDS piped (raw:
 *   one value a line, no indexes); from the shared standalone, INFO memory as a RESP3 verbatim string
 *   (`=1451\r\ntxt:...`, what a client that said HELLO 3 reads)
 * - an own cluster (ports 45101-45104, stopped at the end): a replica promoted after its master was killed
 *   (`myself,master`), the dead master re-created empty on its port, so the survivors mark the old entry
 *   `noaddr`; then a master with no replica killed under cluster-require-full-coverage no, which keeps
 *   cluster_state:ok while its slots are in fail.
 */
import { execFileSync } from 'node:child_process'
import { createConnection } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TEST_SERVERS } from '../../src/main/testing/test-servers'
import {
  rawResp,
  redisCli,
  startCluster,
  startRedis,
  waitFor,
  type OwnRedis
} from '../../src/main/testing/redis-own-servers'

const dir = join(import.meta.dirname, '../../src/main/diagnostics/redis/fixtures')
const version = `redis${(redisCli(TEST_SERVERS.redisPort, ['info', 'server']).match(/redis_version:(\d+\.\d+)/) ?? [])[1] ?? 'unknown'}`
const save = (probe: string, scenario: string, ext: 'txt' | 'resp', body: string): void => {
  const name = `${probe}--${scenario}--${version}.${ext}`
  writeFileSync(join(dir, name), body)
  console.log(`wrote ${name} (${body.length} bytes)`)
}
const cliStdin = (port: number, args: string[], script: string): string =>
  execFileSync('redis-cli', ['-p', String(port), ...args], { input: script, encoding: 'utf8' })
/**
 * What a terminal shows when the lines are typed one by one into interactive redis-cli (`script` gives it a
 * tty; the pauses let each reply print before the next line, as when typed).
 */
const cliTty = (port: number, lines: string[]): string =>
  execFileSync(
    'sh',
    [
      '-c',
      `(${lines.map((l) => `printf '%s\\n' '${l}'; sleep 0.3`).join('; ')}) | script -qc 'redis-cli -p ${port}' /dev/null`
    ],
    { encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } }
  )
/** The raw RESP3 reply to one command after HELLO 3 on a fresh socket (HELLO's own map left out). */
const resp3Reply = (port: number, ...args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    const command = (a: string[]) =>
      `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join('')}`
    socket.on('error', reject)
    socket.on('data', (d: Buffer) => {
      chunks.push(d)
      const text = Buffer.concat(chunks).toString('utf8')
      // HELLO 3's map ends with its modules array; the verbatim string after it is whole at its length.
      const m = /\*\d+\r\n(=(\d+)\r\n)/.exec(text)
      if (!m) return
      const start = m.index + m[0].length - (m[1] ?? '').length
      const bodyStart = m.index + m[0].length
      if (Buffer.byteLength(text.slice(bodyStart)) >= Number(m[2]) + 2) {
        socket.end()
        resolve(text.slice(start))
      }
    })
    socket.write(command(['HELLO', '3']) + command(args))
  })
const CLUSTER_FLAGS = [
  '--cluster-enabled',
  'yes',
  '--cluster-config-file',
  'nodes.conf',
  '--cluster-node-timeout',
  '1000'
]

const own: OwnRedis[] = []
try {
  const c = TEST_SERVERS.redisClusterPorts[0] ?? 47001
  save('cluster-nodes', 'formatted-exec', 'txt', cliStdin(c, ['--no-raw'], 'MULTI\nCLUSTER NODES\nEXEC\n'))
  save('cluster-nodes', 'tty-exec', 'txt', cliTty(c, ['multi', 'cluster nodes', 'exec']))
  save('cluster-nodes', 'healthy', 'resp', await rawResp(c, 'CLUSTER', 'NODES'))
  save('cluster-shards', 'piped-raw', 'txt', redisCli(c, ['cluster', 'shards']))

  save('info-memory', 'resp3-verbatim', 'resp', await resp3Reply(TEST_SERVERS.redisPort, 'INFO', 'memory'))

  const cl = await startCluster([45101, 45102, 45103])
  own.push(...cl)
  for (const n of cl) redisCli(n.port, ['config', 'set', 'cluster-require-full-coverage', 'no'])
  const masterId = redisCli(45101, ['cluster', 'myid']).trim()
  const replica = await startRedis(45104, CLUSTER_FLAGS)
  own.push(replica)
  redisCli(45104, ['config', 'set', 'cluster-require-full-coverage', 'no'])
  execFileSync(
    'redis-cli',
    [
      '--cluster',
      'add-node',
      '127.0.0.1:45104',
      '127.0.0.1:45101',
      '--cluster-slave',
      '--cluster-master-id',
      masterId
    ],
    { stdio: 'ignore' }
  )
  await waitFor('replica in sync', () =>
    redisCli(45104, ['info', 'replication']).includes('master_link_status:up')
  )
  await cl[0]?.stop()
  await waitFor('replica promoted', () => redisCli(45104, ['info', 'replication']).includes('role:master'))
  await waitFor('cluster_state:ok after failover', () =>
    redisCli(45104, ['cluster', 'info']).includes('cluster_state:ok')
  )
  save('cluster-nodes', 'replica-promoted', 'txt', redisCli(45104, ['cluster', 'nodes']))
  // The dead master's port answers again with a new node id: the old entry loses its address.
  const reborn = await startRedis(45101, CLUSTER_FLAGS)
  own.push(reborn)
  await waitFor(
    'old master marked noaddr',
    () => redisCli(45104, ['cluster', 'nodes']).includes('noaddr'),
    30_000
  )
  save('cluster-nodes', 'noaddr-after-failover', 'txt', redisCli(45104, ['cluster', 'nodes']))
  await cl[1]?.stop()
  await waitFor('slots in fail, state ok', () => {
    const info = redisCli(45104, ['cluster', 'info'])
    return info.includes('cluster_state:ok') && !info.includes('cluster_slots_fail:0')
  })
  save('cluster-info', 'slots-fail-partial-coverage', 'txt', redisCli(45104, ['cluster', 'info']))
  save('cluster-nodes', 'slots-fail-partial-coverage', 'txt', redisCli(45104, ['cluster', 'nodes']))
} finally {
  for (const o of own) await o.stop()
}
