/**
 * Issue 10 point 2: a Redis Cluster master killed (kill -9) is failed over to its replica, and the core's
 * topology shows it after one poll: the dead node failed, its former replica a cluster-master with the
 * dead node's slot range. On the test's OWN 6-node cluster (3 masters, 1 replica each, ports
 * 45101-45106, bus ports 55101-55106), never on the shared servers.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerDescription, TopologyNode } from '../../../shared/connection'
import type { AnalysisReport } from '../../../shared/findings'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { redisCli, startRedis, waitFor, type OwnRedis } from '../../testing/redis-own-servers'
import { trackProcessFailures } from '../../testing/own-servers'

const PORTS = [45101, 45102, 45103, 45104, 45105, 45106]
const SEED = PORTS[0] ?? 45101
const addr = (port: number): string => `127.0.0.1:${port}`

let nodes: OwnRedis[] = []
let core: Core | undefined
const dataDir = mkdtempSync(join(tmpdir(), 'rel-cluster-failover-'))
const tracker = trackProcessFailures()

interface ClusterNodeLine {
  id: string
  port: number
  flags: string[]
  masterId: string
  slots: string[]
}

/** `CLUSTER NODES` as one node sees it. */
const clusterNodes = (port: number): ClusterNodeLine[] =>
  redisCli(port, ['cluster', 'nodes'])
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [id = '', address = '', flags = '', masterId = '', , , , , ...slots] = line.trim().split(' ')
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        flags: flags.split(','),
        masterId,
        slots: slots.filter((s) => !s.startsWith('['))
      }
    })

beforeAll(async () => {
  nodes = await Promise.all(
    PORTS.map((p) =>
      startRedis(p, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '1000',
        // Full sync at once (the default waits 5 s for more replicas): a replica that never synced
        // refuses to fail over ("disconnected from master for longer than allowed").
        '--repl-diskless-sync-delay',
        '0'
      ])
    )
  )
  execFileSync(
    'redis-cli',
    ['--cluster', 'create', ...PORTS.map(addr), '--cluster-replicas', '1', '--cluster-yes'],
    { stdio: 'ignore' }
  )
  // Every node agrees: cluster ok, 3 masters with slots, 3 replicas attached.
  await waitFor('a 3+3 cluster with state ok on every node', () =>
    PORTS.every((p) => {
      if (!redisCli(p, ['cluster', 'info']).includes('cluster_state:ok')) return false
      const view = clusterNodes(p)
      return (
        view.filter((n) => n.flags.includes('master') && n.slots.length > 0).length === 3 &&
        view.filter((n) => n.flags.includes('slave') && n.masterId !== '-').length === 3
      )
    })
  )
  // Each replica has completed its sync with its master (else it could not be promoted).
  await waitFor('3 replicas in sync', () =>
    PORTS.filter((p) => redisCli(p, ['info', 'replication']).includes('role:slave')).every((p) =>
      redisCli(p, ['info', 'replication']).includes('master_link_status:up')
    )
  )
  core = createCore({ dataDir, secrets: new MemorySecretStore(), host: 'serve', pollMs: 600_000 })
}, 60_000)

afterAll(async () => {
  tracker.stop()
  await core?.close()
  await Promise.all(nodes.map((n) => n.stop()))
  rmSync(dataDir, { recursive: true, force: true })
})

const topologyOf = (id: string): TopologyNode[] => {
  const server: ServerDescription | null | undefined = core?.sessions.status(id).server
  if (!server) throw new Error('no server description')
  return server.topology
}

describe('Redis Cluster failover (own 3+3 cluster)', () => {
  it('kill -9 of a master: after one poll the topology shows it failed and its replica promoted', async () => {
    if (!core) throw new Error('no core')
    const saved = await core.dispatch('connections.save', {
      name: 'own-cluster',
      engine: 'redis',
      url: `redis://${addr(SEED)}/?cluster=true`,
      environment: 'staging'
    })
    if (!saved.ok) throw new Error(saved.error.message)
    const id = (saved.value as { id: string }).id
    expect((await core.sessions.connect(id)).state).toBe('connected')

    const before = topologyOf(id)
    expect(before).toHaveLength(6)
    expect(before.filter((n) => n.role === 'cluster-master')).toHaveLength(3)
    expect(before.filter((n) => n.role === 'cluster-replica')).toHaveLength(3)
    expect(before.every((n) => n.healthy)).toBe(true)
    expect(
      before
        .filter((n) => n.role === 'cluster-master')
        .flatMap((n) => n.slots ?? [])
        .sort()
    ).toEqual(['0-5460', '10923-16383', '5461-10922'])

    // The victim: a master that is not the seed (the profile's node must stay up), and its replica.
    const view = clusterNodes(SEED)
    const victim = view.find((n) => n.flags.includes('master') && n.port !== SEED && n.slots.length > 0)
    if (!victim) throw new Error('no master to kill')
    const replica = view.find((n) => n.masterId === victim.id)
    if (!replica) throw new Error(`no replica of ${victim.port}`)
    const victimSlots = before.find((n) => n.address === addr(victim.port))?.slots
    expect(victimSlots).toEqual(victim.slots)
    const victimNode = nodes.find((n) => n.port === victim.port)
    if (!victimNode) throw new Error('victim not owned')

    const killedAt = Date.now()
    await victimNode.stop() // SIGKILL, waits for the exit
    // Promotion, as another surviving master sees it: the replica is a master owning the victim's slots.
    const observer = PORTS.find((p) => p !== victim.port && p !== replica.port) ?? SEED
    await waitFor(
      `${replica.port} promoted over ${victim.port}`,
      () => {
        const now = clusterNodes(observer)
        const promoted = now.find((n) => n.id === replica.id)
        const dead = now.find((n) => n.id === victim.id)
        return (
          !!promoted?.flags.includes('master') &&
          promoted.slots.join(' ') === victim.slots.join(' ') &&
          !!dead?.flags.includes('fail') &&
          redisCli(observer, ['cluster', 'info']).includes('cluster_state:ok')
        )
      },
      15_000
    )
    const failoverMs = Date.now() - killedAt
    console.info(`[cluster-failover] replica ${replica.port} promoted ${failoverMs} ms after kill -9`)

    await core.sessions.pollOnce()
    expect(core.sessions.status(id).state).toBe('connected')
    const after = topologyOf(id)
    const dead = after.find((n) => n.address === addr(victim.port))
    expect(dead).toMatchObject({ healthy: false, state: expect.stringContaining('fail') })
    expect(dead?.slots ?? []).toEqual([])
    const promoted = after.find((n) => n.address === addr(replica.port))
    expect(promoted).toMatchObject({ role: 'cluster-master', healthy: true, slots: victimSlots })
    // Still three masters serving every slot; every node but the dead one is healthy.
    expect(
      after
        .filter((n) => n.role === 'cluster-master' && n.healthy)
        .flatMap((n) => n.slots ?? [])
        .sort()
    ).toEqual(['0-5460', '10923-16383', '5461-10922'])
    expect(after.filter((n) => !n.healthy).map((n) => n.address)).toEqual([addr(victim.port)])

    // Diagnostics: the dead node's report is ok:false UNREACHABLE (or absent); the live ones are ok.
    const ran = await core.dispatch('diagnostics.run', { connectionId: id })
    if (!ran.ok) throw new Error(ran.error.message)
    const reports = ran.value as AnalysisReport[]
    const deadReports = reports.filter(
      (r) => r.summary.node === addr(victim.port) || (!r.ok && r.error?.message.includes(`:${victim.port}`))
    )
    for (const r of deadReports) expect(r).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } })
    const live = reports.filter((r) => !deadReports.includes(r))
    // Every node that was checked answered; the seed (the profile's node) is among them.
    expect(live.map((r) => [r.summary.node, r.ok, r.error])).toEqual(
      live.map((r) => [r.summary.node, true, null])
    )
    // The slot map is re-read before the nodes are listed: the promoted master and every replica are checked.
    const living = PORTS.filter((p) => p !== victim.port)
      .map(addr)
      .sort()
    expect(live.map((r) => String(r.summary.node)).sort()).toEqual(living)

    await core.sessions.disconnect(id)
    expect(tracker.failures).toEqual([])
  }, 40_000)
})
