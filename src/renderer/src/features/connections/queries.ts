import { useMutation, useQuery } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { callOrThrow } from '../../api/queries'

/** The host key a bastion presents now (asked only when a test was refused for its key). */
export const useHostKey = (host: string, port: number) =>
  useQuery({
    queryKey: ['connections.hostKey', host, port],
    queryFn: () => callOrThrow('connections.hostKey', { host, port }),
    staleTime: 0,
    retry: false
  })

export const useTrustHostKey = () =>
  useMutation({
    mutationFn: (input: MethodInput<'connections.trustHostKey'>) =>
      callOrThrow('connections.trustHostKey', input)
  })
