import type { AnalysisReport } from '../../shared/findings'
import { checkMongo } from './mongo/check'
import { checkPostgres } from './postgres/check'
import { checkRedis } from './redis/check'
import type { EngineSession } from './types'

/** Run every diagnostic of the session's engine on every node it reaches: one report per node. */
export const runChecks = (session: EngineSession, input: string): Promise<AnalysisReport[]> => {
  switch (session.engine) {
    case 'postgres':
      return checkPostgres(session, input)
    case 'redis':
      return checkRedis(session, input)
    case 'mongo':
      return checkMongo(session, input)
  }
}
