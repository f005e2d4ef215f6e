import type { Environment } from '../../../shared/connection'

const LABEL: Record<Environment, string> = { production: 'PROD', staging: 'STAGING', development: 'DEV' }

/** The environment colour: production red, staging amber, development green. Shown wherever a connection is. */
export function EnvironmentChip({ environment }: { environment: Environment }) {
  return (
    <span className="chip env-chip" data-environment={environment} title={`Environment: ${environment}`}>
      {LABEL[environment]}
    </span>
  )
}
