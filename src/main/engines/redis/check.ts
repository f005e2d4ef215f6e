import type { AnalysisReport } from '../../../shared/findings'
import { healthReport } from '../health-report'
import type { RedisSession } from '../types'

/**
 * The live health check of one Redis connection. The diagnostics rules plug in here as they are built;
 * until then the report carries the server's identity facts and no findings.
 */
export const checkRedis = async (session: RedisSession, input: string): Promise<AnalysisReport[]> => {
  const server = await session.describe()
  return [healthReport(input, server, server.address, { identity: server.identity }, [])]
}
