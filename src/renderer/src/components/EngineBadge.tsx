import type { EngineKind } from '../../../shared/connection'

export const ENGINE_LABEL: Record<EngineKind, string> = {
  postgres: 'PostgreSQL',
  redis: 'Redis',
  mongo: 'MongoDB'
}
const SHORT: Record<EngineKind, string> = { postgres: 'PG', redis: 'REDIS', mongo: 'MONGO' }

export function EngineBadge({ engine }: { engine: EngineKind }) {
  return (
    <span
      className="engine-badge"
      data-engine={engine}
      title={ENGINE_LABEL[engine]}
      aria-label={ENGINE_LABEL[engine]}
    >
      {SHORT[engine]}
    </span>
  )
}
