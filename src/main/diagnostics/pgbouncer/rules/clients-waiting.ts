/**
 * pgbouncer.clients-waiting: clients that sent a query and wait for a server connection (SHOW POOLS
 * `cl_waiting`, and `maxwait` + `maxwait_us`: how long the oldest has waited). Checked on PgBouncer 1.18.
 * Thresholds: any waiting client is at least an info (PgBouncer's docs: when maxwait grows, "the current
 * pool of servers does not handle requests quickly enough"); a wait of WAIT_WARNING_S (1 s, our choice:
 * a wait a user notices on an OLTP request) is a warning; half of the console's own `query_wait_timeout`
 * (SHOW CONFIG; PgBouncer disconnects a client that waits that long, default 120 s) is critical.
 */
import type { Finding, Severity } from '../../../../shared/findings'
import { finding } from '../../finding'
import { pgbouncerRule, poolName, subjectOn, workloadPools } from '../context'
import { configNumber } from '../records'

export const RULE = 'pgbouncer.clients-waiting'
export const WAIT_WARNING_S = 1
export const CRITICAL_SHARE_OF_QUERY_WAIT_TIMEOUT = 0.5

const UNITS = { clWaiting: 'count', clActive: 'count', svActive: 'count', maxwaitSeconds: 'seconds' } as const

export const clientsWaitingRule = pgbouncerRule({
  id: RULE,
  needs: ['pools', 'config'],
  evaluate: ({ pools, config }, context): Finding[] => {
    const queryWaitTimeout = configNumber(config, 'query_wait_timeout')
    return workloadPools(pools)
      .filter((p) => p.cl_waiting > 0)
      .map((p) => {
        const maxwaitSeconds = p.maxwait + (p.maxwait_us ?? 0) / 1e6
        const critical =
          queryWaitTimeout !== null &&
          queryWaitTimeout > 0 &&
          maxwaitSeconds >= queryWaitTimeout * CRITICAL_SHARE_OF_QUERY_WAIT_TIMEOUT
        const severity: Severity = critical
          ? 'critical'
          : maxwaitSeconds >= WAIT_WARNING_S
            ? 'warning'
            : 'info'
        const name = poolName(p)
        const limit =
          queryWaitTimeout !== null && queryWaitTimeout > 0
            ? ` PgBouncer disconnects a client after query_wait_timeout = ${queryWaitTimeout} s.`
            : ' query_wait_timeout is off: they wait for ever.'
        return {
          ...finding(
            RULE,
            severity,
            `${p.cl_waiting} client${p.cl_waiting === 1 ? '' : 's'} waiting for a server connection in pool ${name}`,
            `The oldest has waited ${maxwaitSeconds.toFixed(1)} s while ${p.sv_active} server connection${p.sv_active === 1 ? ' is' : 's are'} busy.${limit} Shorten the transactions that hold the servers, or raise pool_size if the server has room.`,
            name,
            {
              clWaiting: p.cl_waiting,
              clActive: p.cl_active,
              svActive: p.sv_active,
              maxwaitSeconds,
              queryWaitTimeoutSeconds: queryWaitTimeout
            }
          ),
          subject: subjectOn('pool', name, context),
          units: {
            ...UNITS,
            ...(queryWaitTimeout === null ? {} : { queryWaitTimeoutSeconds: 'seconds' as const })
          }
        }
      })
  }
})
