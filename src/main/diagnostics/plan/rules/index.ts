/** Every pg.plan rule, in the order their findings are listed (sortFindings then puts the worst first). */
import type { PlanRule } from './helpers'
import { heapAccessRule } from './heap-access'
import { jitRule } from './jit'
import { misestimateRule } from './misestimate'
import { nestedLoopRule } from './nested-loop'
import { neverExecutedRule } from './never-executed'
import { planningTimeRule } from './planning-time'
import { seqScanFilterRule } from './seq-scan-filter'
import { spillRule } from './spill'
import { triggerRule } from './triggers'
import { truncatedRule } from './truncated'
import { workersRule } from './workers'

export const PLAN_RULES: PlanRule[] = [
  truncatedRule,
  triggerRule,
  misestimateRule,
  spillRule,
  nestedLoopRule,
  seqScanFilterRule,
  heapAccessRule,
  planningTimeRule,
  jitRule,
  workersRule,
  neverExecutedRule
]
