import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { callOrThrow } from '../../api/queries'

export const usePrepareAction = () =>
  useMutation({
    mutationFn: (input: MethodInput<'actions.prepare'>) => callOrThrow('actions.prepare', input)
  })

/** After an action the audit log and every view of the server's state are out of date. */
export const useExecuteAction = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: MethodInput<'actions.execute'>) => callOrThrow('actions.execute', input),
    onSettled: () => client.invalidateQueries()
  })
}
