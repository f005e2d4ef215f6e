/**
 * pgbouncer.pool-saturation: every server connection a pool may open is busy (SHOW POOLS `sv_active`
 * against its database's `pool_size` in SHOW DATABASES), so the next transaction queues. Checked on
 * PgBouncer 1.18. Threshold: the console's own pool_size (its maximum server connections per
 * database/user pair); past pool_size + reserve_pool (used after reserve_pool_timeout) it is critical.
 * The evidence lists the pool's server connections by state (in use, idle, used, tested, logging in).
 */
import type { Finding } from '../../../../shared/findings'
import { finding, notEvaluated } from '../../finding'
import { pgbouncerRule, poolName, subjectOn, workloadPools } from '../context'

export const RULE = 'pgbouncer.pool-saturation'

const UNITS = {
  svActive: 'count',
  svIdle: 'count',
  svUsed: 'count',
  svTested: 'count',
  svLogin: 'count',
  poolSize: 'count',
  reservePool: 'count',
  clWaiting: 'count',
  inUseRatio: 'ratio'
} as const

export const poolSaturationRule = pgbouncerRule({
  id: RULE,
  needs: ['pools', 'databases'],
  evaluate: ({ pools, databases }, context): Finding[] => {
    const byName = new Map(databases.map((d) => [d.name, d]))
    return workloadPools(pools).flatMap((p): Finding[] => {
      const name = poolName(p)
      const db = byName.get(p.database)
      // An auto-created database (the `*` entry) leaves SHOW DATABASES when idle; its pool stays listed.
      if (!db)
        return p.sv_active > 0
          ? [notEvaluated(RULE, `SHOW DATABASES does not list ${p.database}: no pool_size to compare.`, name)]
          : []
      if (db.pool_size <= 0 || p.sv_active < db.pool_size) return []
      const beyondReserve = p.sv_active >= db.pool_size + db.reserve_pool
      const reserve =
        db.reserve_pool > 0
          ? beyondReserve
            ? ` The reserve of ${db.reserve_pool} is in use too.`
            : ` ${db.pool_size + db.reserve_pool - p.sv_active} reserve connection(s) remain (after reserve_pool_timeout).`
          : ''
      return [
        {
          ...finding(
            RULE,
            db.reserve_pool > 0 && beyondReserve ? 'critical' : 'warning',
            `Pool ${name} is saturated: ${p.sv_active} of ${db.pool_size} server connections in use`,
            `Every server connection the pool may open is running a transaction, so the next one waits (${p.cl_waiting} waiting now).${reserve} Look for long transactions on the server, or raise pool_size if the server has room.`,
            name,
            {
              svActive: p.sv_active,
              svIdle: p.sv_idle,
              svUsed: p.sv_used,
              svTested: p.sv_tested,
              svLogin: p.sv_login,
              poolSize: db.pool_size,
              reservePool: db.reserve_pool,
              clWaiting: p.cl_waiting,
              inUseRatio: p.sv_active / db.pool_size
            }
          ),
          subject: subjectOn('pool', name, context),
          units: UNITS
        }
      ]
    })
  }
})
