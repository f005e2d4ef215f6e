/** Every kind `dbconsole analyze` and the paste box understand, across engines. */
import type { AnalysisKind } from './kind'
import { postgresKinds } from './postgres/kinds'
import { redisKinds } from './redis/kinds'
import { mongoKinds } from './mongo/kinds'

export const ANALYSIS_KINDS: readonly AnalysisKind[] = [...postgresKinds, ...redisKinds, ...mongoKinds]
