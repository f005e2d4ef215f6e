/**
 * Records what `redis-cli slowlog get` prints when its stdout is not a terminal (a pipe or `> file`):
 * redis-cli's raw format, one value per line with no `1)` numbering (issue 15 item 12).
 * `npx tsx scripts/record-fixtures/redis-piped.ts`. Uses a throw-away server of its own (port 46020),
 * never the shared ones, and stops it at the end.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { redisCli, startRedis, type OwnRedis } from '../../src/main/testing/redis-own-servers'

const dir = join(import.meta.dirname, '../../src/main/diagnostics/redis/fixtures')
/** redis-cli writing to a pipe, as `redis-cli slowlog get 10 > file` does. */
const piped = (port: number, args: string[]): string =>
  execFileSync('redis-cli', ['-p', String(port), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
const cliStdin = (port: number, script: string): string =>
  execFileSync('redis-cli', ['-p', String(port)], { input: script, encoding: 'utf8' })

let own: OwnRedis | null = null
try {
  own = await startRedis(46020)
  const port = own.port
  const version = `redis${(/redis_version:(\d+\.\d+)/.exec(redisCli(port, ['info', 'server'])) ?? [])[1] ?? 'unknown'}`
  const save = (scenario: string, body: string): void => {
    const name = `slowlog-get-piped--${scenario}--${version}.txt`
    writeFileSync(join(dir, name), body)
    console.log(`wrote ${name} (${body.length} bytes)`)
  }
  // Slow commands with client names, a value with a newline, a 41-argument call (cut by the server at 32).
  cliStdin(port, 'CLIENT SETNAME rt-sleeper\nDEBUG SLEEP 0.05\n')
  redisCli(port, ['config', 'set', 'slowlog-log-slower-than', '0'])
  cliStdin(
    port,
    `CLIENT SETNAME rt-args\nSADD rt:set ${Array.from({ length: 40 }, (_, i) => `m${i}`).join(' ')}\n`
  )
  redisCli(port, ['set', 'rt:multi', 'line one\nline two'])
  redisCli(port, ['config', 'set', 'slowlog-log-slower-than', '10000'])
  save('debug-sleep', piped(port, ['slowlog', 'get', '10']))
} finally {
  await own?.stop()
}
