import type { AnalysisKind } from '../kind'

/** The mongo kinds of pasted output this engine's parsers understand. */
export const mongoKinds: AnalysisKind[] = []
