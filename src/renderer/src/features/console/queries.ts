import { useMutation } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { callOrThrow } from '../../api/queries'

export const useConsoleRun = () =>
  useMutation({ mutationFn: (input: MethodInput<'console.run'>) => callOrThrow('console.run', input) })
