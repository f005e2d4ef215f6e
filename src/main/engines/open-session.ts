import type { EngineKind } from '../../shared/connection'
import { openMongo } from './mongo/adapter'
import { openPostgres } from './postgres/adapter'
import { openRedis } from './redis/adapter'
import type { ConnectTarget, EngineSession } from './types'

export const openSession = (engine: EngineKind, target: ConnectTarget): Promise<EngineSession> => {
  switch (engine) {
    case 'postgres':
      return openPostgres(target)
    case 'redis':
      return openRedis(target)
    case 'mongo':
      return openMongo(target)
  }
}
