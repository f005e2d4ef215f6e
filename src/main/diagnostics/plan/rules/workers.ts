/**
 * pg.plan.workers-not-launched: a Gather / Gather Merge launched fewer workers than planned: the
 * max_parallel_workers / max_worker_processes pool was exhausted when the query ran. PG 9.6+.
 */
import { fmt, nodeFinding, type PlanRule } from './helpers'

export const workersRule: PlanRule = ({ nodes }) =>
  nodes
    .filter(
      (a) =>
        a.node.workersPlanned !== null &&
        a.node.workersLaunched !== null &&
        a.node.workersLaunched < a.node.workersPlanned
    )
    .map((a) =>
      nodeFinding(
        nodes,
        a,
        'pg.plan.workers-not-launched',
        'warning',
        `${a.title}: ${fmt(a.node.workersLaunched ?? 0)} of ${fmt(a.node.workersPlanned ?? 0)} planned workers launched`,
        `The plan counted on ${fmt(a.node.workersPlanned ?? 0)} parallel workers but got ${fmt(a.node.workersLaunched ?? 0)}, so the leader did the work alone or with fewer helpers. ` +
          `Other queries held the pool: check max_parallel_workers and max_worker_processes against the concurrent parallel queries.`,
        { workersPlanned: a.node.workersPlanned, workersLaunched: a.node.workersLaunched }
      )
    )
