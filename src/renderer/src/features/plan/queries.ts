import { useMutation } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { callOrThrow } from '../../api/queries'

/** Live EXPLAIN on a PostgreSQL connection; the core decides what may run and refuses the rest. */
export const usePlanExplain = () =>
  useMutation({ mutationFn: (input: MethodInput<'plan.explain'>) => callOrThrow('plan.explain', input) })
