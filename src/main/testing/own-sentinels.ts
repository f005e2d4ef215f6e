/**
 * Sentinels of a test's own (Debian's redis-sentinel) on ports 57500-57599, each with its own config
 * file in a temp dir (sentinels rewrite it). They watch a master by name; their failover timings are
 * long unless the test asks otherwise, so sentinels over the shared servers never fail them over.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { portAccepts, waitUntil } from './own-servers'

export interface OwnSentinel {
  port: number
  proc: ChildProcess
  kill(): void
}

export interface OwnSentinels {
  sentinels: OwnSentinel[]
  stop(): Promise<void>
}

export const startSentinels = async (
  ports: number[],
  master: { name: string; host: string; port: number; quorum: number; downAfterMs?: number }
): Promise<OwnSentinels> => {
  const dir = mkdtempSync(join(tmpdir(), 'own-sentinels-'))
  const sentinels = await Promise.all(
    ports.map(async (port): Promise<OwnSentinel> => {
      if (port < 57500 || port > 57599)
        throw new Error(`own sentinel ports must be in 57500-57599, got ${port}`)
      const config = join(dir, `sentinel-${port}.conf`)
      writeFileSync(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${master.name} ${master.host} ${master.port} ${master.quorum}`,
          `sentinel down-after-milliseconds ${master.name} ${master.downAfterMs ?? 600_000}`,
          `sentinel failover-timeout ${master.name} ${Math.max(10_000, (master.downAfterMs ?? 600_000) * 3)}`,
          ''
        ].join('\n')
      )
      const proc = spawn('redis-sentinel', [config], { stdio: 'ignore' })
      await waitUntil(`sentinel on ${port}`, () => portAccepts(port), 10_000)
      return {
        port,
        proc,
        kill: () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
        }
      }
    })
  )
  return {
    sentinels,
    stop: async () => {
      for (const s of sentinels) s.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
