import type { AnalysisKind } from '../kind'
import { pgPlanKind } from '../plan/plan-kind'

/** The postgres kinds of pasted output this engine's parsers understand. */
export const postgresKinds: AnalysisKind[] = [pgPlanKind]
