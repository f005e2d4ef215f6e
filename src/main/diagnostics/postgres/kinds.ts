import type { AnalysisKind } from '../kind'
import { pgPlanKind } from '../plan/plan-kind'
import { pgLogKind } from '../pglog/log-kind'

/** The postgres kinds of pasted output this engine's parsers understand. */
export const postgresKinds: AnalysisKind[] = [pgPlanKind, pgLogKind]
