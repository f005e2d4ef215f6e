import type { AnalysisKind } from '../kind'

/** The redis kinds of pasted output this engine's parsers understand. */
export const redisKinds: AnalysisKind[] = []
