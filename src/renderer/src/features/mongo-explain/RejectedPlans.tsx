import type { MongoExplainPlan } from '../../../../shared/mongo-explain'

const INDENT_PX = 14

/** "FETCH → IXSCAN status_1": a rejected plan in one line, for its folded summary. */
const outline = (plan: MongoExplainPlan): string =>
  plan.stages.map((s) => (s.indexName === null ? s.stage : `${s.stage} ${s.indexName}`)).join(' → ')

/** The plans the planner tried and dropped, folded: a DBA opens one to see why it lost. */
export function RejectedPlans({ plans }: { plans: MongoExplainPlan[] }) {
  return (
    <section className="mx-section" aria-label="Rejected plans">
      <h3>Rejected plans ({plans.length})</h3>
      {plans.length === 0 ? (
        <p className="muted">The planner had no other candidate plan (or the explain does not list them).</p>
      ) : (
        <ul className="mx-rejected">
          {plans.map((plan, i) => (
            <li key={i}>
              <details>
                <summary className="truncate" title={outline(plan)}>
                  <span className="faint">#{i + 1}</span>
                  {plan.shard !== null && <span className="mx-shard-label">{plan.shard}</span>}{' '}
                  {outline(plan)}
                </summary>
                <ul className="mx-rejected-stages">
                  {plan.stages.map((s) => (
                    <li key={s.id} style={{ paddingLeft: s.depth * INDENT_PX }}>
                      <span className="mx-stage-name">{s.stage}</span>
                      {s.indexName !== null && <span className="mx-index">{s.indexName}</span>}
                      {s.keyPattern !== null && <span className="mx-key faint">{s.keyPattern}</span>}
                      {s.filter !== null && (
                        <span className="mx-key faint truncate" title={s.filter}>
                          filter {s.filter}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
