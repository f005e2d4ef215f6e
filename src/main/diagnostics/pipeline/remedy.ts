/** The remedies rules attach to findings: only targets the action's own schema accepts. */
import { ACTION_TARGETS, type ActionId } from '../../../shared/actions'
import type { FindingRemedy } from '../../../shared/findings'

/**
 * A remedy for `action` on `target`, or undefined when the target is not one the action accepts (a name
 * too long for an identifier, a key with a line break): the finding then offers no button rather than a
 * button that fails in prepare.
 */
export const remedy = (
  action: ActionId,
  target: Record<string, unknown>,
  label: string
): FindingRemedy | undefined =>
  ACTION_TARGETS[action].safeParse(target).success ? { action, target, label } : undefined
