import type { AnalysisKind } from '../kind'

/** The postgres kinds of pasted output this engine's parsers understand. */
export const postgresKinds: AnalysisKind[] = []
