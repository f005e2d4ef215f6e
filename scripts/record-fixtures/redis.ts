/**
 * Records the Redis fixtures of src/main/diagnostics/redis/fixtures from real servers:
 * `npx tsx scripts/record-fixtures/redis.ts`. Read-only probes of the shared servers (scripts/redis-up.sh)
 * plus throw-away servers of its own for the induced scenarios (slow commands, a master stopped, a cluster
 * master killed), which it stops at the end. `.txt` = what redis-cli prints, `.resp` = raw RESP bytes.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TEST_SERVERS } from '../../src/main/testing/test-servers'
import { openRedis } from '../../src/main/engines/redis/adapter'
import { findBigKeys } from '../../src/main/engines/redis/big-keys'
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
const save = (probe: string, scenario: string, ext: 'txt' | 'resp' | 'json', body: string): void => {
  const name = `${probe}--${scenario}--${version}.${ext}`
  writeFileSync(join(dir, name), body)
  console.log(`wrote ${name} (${body.length} bytes)`)
}
const cliStdin = (port: number, script: string): string =>
  execFileSync('redis-cli', ['-p', String(port)], { input: script, encoding: 'utf8' })

const KEYSPACE_SCRIPT = [
  ...Array.from({ length: 1000 }, (_, i) => `set user:${i} x${i % 10 === 0 ? ' EX 86400' : ''}`),
  'select 3',
  ...Array.from({ length: 20 }, (_, i) => `set job:${i} x`),
  ...Array.from({ length: 1200 }, (_, i) => `eval "return ${i}" 0`)
].join('\n')

const own: OwnRedis[] = []
try {
  // Shared servers: read-only.
  const [s, r, c] = [
    TEST_SERVERS.redisPort,
    TEST_SERVERS.redisReplicaPort,
    TEST_SERVERS.redisClusterPorts[0] ?? 47001
  ]
  save('info-everything', 'standalone', 'txt', redisCli(s, ['info', 'everything']))
  save('info-everything', 'standalone', 'resp', await rawResp(s, 'INFO', 'everything'))
  save('info-everything', 'replica', 'txt', redisCli(r, ['info', 'everything']))
  save('info-everything', 'cluster-master', 'txt', redisCli(c, ['info', 'everything']))
  save('info-memory', 'standalone', 'txt', redisCli(s, ['info', 'memory']))
  save('cluster-nodes', 'healthy', 'txt', redisCli(c, ['cluster', 'nodes']))
  save('cluster-info', 'healthy', 'txt', redisCli(c, ['cluster', 'info']))
  save('cluster-shards', 'healthy', 'txt', redisCli(c, ['cluster', 'shards'], { noRaw: true }))
  save('cluster-shards', 'healthy', 'resp', await rawResp(c, 'CLUSTER', 'SHARDS'))
  save('unknown-command', 'standalone', 'txt', redisCli(s, ['slowlog', 'nosuch'], { noRaw: true }))

  // Own server: slow commands with client names, latency events, truncated slowlog args.
  const a = await startRedis(46010, ['--latency-monitor-threshold', '1'])
  own.push(a)
  cliStdin(a.port, 'CLIENT SETNAME rt-sleeper\nDEBUG SLEEP 0.05\n')
  cliStdin(
    a.port,
    `CLIENT SETNAME rt-sorter\nEVAL "for i=1,200000 do redis.call('RPUSH','rt:sortme',i) end" 0\nSORT rt:sortme LIMIT 0 1\nDEL rt:sortme\n`
  )
  save('slowlog-get', 'debug-sleep', 'txt', redisCli(a.port, ['slowlog', 'get', '128'], { noRaw: true }))
  save('slowlog-get', 'debug-sleep', 'resp', await rawResp(a.port, 'SLOWLOG', 'GET', '128'))
  save('latency-latest', 'debug-sleep', 'txt', redisCli(a.port, ['latency', 'latest'], { noRaw: true }))
  save('latency-latest', 'debug-sleep', 'resp', await rawResp(a.port, 'LATENCY', 'LATEST'))
  save(
    'latency-history',
    'debug-sleep',
    'txt',
    redisCli(a.port, ['latency', 'history', 'command'], { noRaw: true })
  )
  save('latency-doctor', 'debug-sleep', 'txt', redisCli(a.port, ['latency', 'doctor']))
  save('memory-doctor', 'empty', 'txt', redisCli(a.port, ['memory', 'doctor']))
  save('memory-stats', 'standalone', 'txt', redisCli(a.port, ['memory', 'stats'], { noRaw: true }))
  save('memory-stats', 'standalone', 'resp', await rawResp(a.port, 'MEMORY', 'STATS'))
  redisCli(a.port, ['slowlog', 'reset'])
  redisCli(a.port, ['config', 'set', 'slowlog-log-slower-than', '0'])
  cliStdin(
    a.port,
    `CLIENT SETNAME rt-args\nSADD rt:many ${Array.from({ length: 40 }, (_, i) => `m${i}`).join(' ')} ${'x'.repeat(200)}\nSET rt:long ${'y'.repeat(200)}\nDEL rt:many rt:long\n`
  )
  save('slowlog-get', 'truncated-args', 'txt', redisCli(a.port, ['slowlog', 'get', '3'], { noRaw: true }))
  save('slowlog-get', 'truncated-args', 'resp', await rawResp(a.port, 'SLOWLOG', 'GET', '3'))
  redisCli(a.port, ['config', 'set', 'slowlog-log-slower-than', '10000'])
  redisCli(a.port, ['slowlog', 'reset'])
  save('slowlog-get', 'empty', 'txt', redisCli(a.port, ['slowlog', 'get'], { noRaw: true }))

  // Own pair: replica link down after its master is stopped.
  const m = await startRedis(46011)
  const rep = await startRedis(46012, ['--replicaof', '127.0.0.1', '46011'])
  own.push(m, rep)
  await waitFor('link up', () =>
    redisCli(rep.port, ['info', 'replication']).includes('master_link_status:up')
  )
  save('info-replication', 'link-up', 'txt', redisCli(rep.port, ['info', 'replication']))
  await m.stop()
  await waitFor('link down', () =>
    redisCli(rep.port, ['info', 'replication']).includes('master_link_status:down')
  )
  save('info-everything', 'replica-link-down', 'txt', redisCli(rep.port, ['info', 'everything']))

  // Own server: a keyspace its eviction policy cannot free (volatile-lru, 1 key in 10 with a TTL), keys in
  // two databases, 1,200 distinct scripts cached by EVAL.
  const ks = await startRedis(46013, ['--maxmemory', '64mb', '--maxmemory-policy', 'volatile-lru'])
  own.push(ks)
  cliStdin(ks.port, KEYSPACE_SCRIPT)
  save('info-everything', 'volatile-no-ttl', 'txt', redisCli(ks.port, ['info', 'everything']))

  // Own server: a 20,000-field hash and a 15,000-element list (over 1 MB each) among 300 small keys, as
  // the big-key sample of a check measures them (the scan's result, JSON).
  const bk = await startRedis(46014)
  own.push(bk)
  cliStdin(
    bk.port,
    [
      `EVAL "for i=1,20000 do redis.call('HSET','rt:bighash','field:'..i,string.rep('h',100)) end" 0`,
      `EVAL "for i=1,15000 do redis.call('RPUSH','rt:biglist',string.rep('l',100)) end" 0`,
      `EVAL "for i=1,300 do redis.call('SET','rt:small:'..i,'v') end" 0`
    ].join('\n')
  )
  const session = await openRedis({
    url: `redis://127.0.0.1:${bk.port}`,
    tls: { enabled: false },
    purpose: 'diagnostics'
  })
  try {
    save(
      'big-keys',
      'hash-and-list',
      'json',
      `${JSON.stringify(await findBigKeys(await session.nodes()), null, 2)}\n`
    )
  } finally {
    await session.close()
  }

  // Own cluster: one master killed -> cluster_state:fail.
  const cl = await startCluster([45001, 45002, 45003])
  own.push(...cl)
  await cl[2]?.stop()
  await waitFor('cluster_state:fail', () =>
    redisCli(45001, ['cluster', 'info']).includes('cluster_state:fail')
  )
  save('cluster-info', 'master-killed', 'txt', redisCli(45001, ['cluster', 'info']))
  save('cluster-nodes', 'master-killed', 'txt', redisCli(45001, ['cluster', 'nodes']))
  save('cluster-shards', 'master-killed', 'txt', redisCli(45001, ['cluster', 'shards'], { noRaw: true }))
} finally {
  for (const o of own) await o.stop()
}
