/**
 * The remedies rules attach to findings. Typed by the action's target schema, but not validated here:
 * rules also judge pasted output, and `dbconsole analyze` must start without zod (cli-startup.test.ts).
 * The guard validates every target at `actions.prepare` (so a server name the schema refuses, such as a
 * key with a line break, is refused up front with what and where), and the findings contract test
 * (src/contract/) checks every remedy the rules give on the real fixtures against the schema.
 */
import type { ActionId, ActionTarget } from '../../../shared/actions'
import type { FindingRemedy } from '../../../shared/findings'

export const remedy = <A extends ActionId>(
  action: A,
  target: ActionTarget<A>,
  label: string
): FindingRemedy => ({ action, target, label })
