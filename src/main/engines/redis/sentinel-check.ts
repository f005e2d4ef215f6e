/**
 * The sentinels' part of a Redis check: their findings and facts go on the master's report, so the
 * view of the failover machinery sits next to the server it protects.
 */
import type { AnalysisReport } from '../../../shared/findings'
import { sentinelRules } from '../../diagnostics/redis/rules/sentinel'
import type { RedisSession } from '../types'

export const addSentinelView = async (session: RedisSession, reports: AnalysisReport[]): Promise<void> => {
  const report = reports.find((r) => r.ok)
  if (!session.sentinel || !report) return
  const { masterName, views } = await session.sentinel()
  report.findings = [...report.findings, ...sentinelRules(masterName, views)]
  report.summary = {
    ...report.summary,
    sentinelMaster: masterName,
    sentinels: views.map((v) =>
      v.ok
        ? {
            sentinel: v.address,
            master: v.masterAddress,
            quorum: v.master?.quorum ?? null,
            knownSentinels: v.sentinels.length + 1,
            replicas: v.replicas.map((r) => `${r.ip ?? '?'}:${r.port ?? '?'} ${r.flags ?? ''}`.trim()),
            ckquorum: v.ckquorum.message
          }
        : { sentinel: v.address, error: v.why }
    )
  }
}
