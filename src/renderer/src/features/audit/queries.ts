import { useQuery } from '@tanstack/react-query'
import { callOrThrow } from '../../api/queries'

export const AUDIT_LIMIT = 500

export const useAuditList = () =>
  useQuery({
    queryKey: ['audit.list', AUDIT_LIMIT],
    queryFn: () => callOrThrow('audit.list', { limit: AUDIT_LIMIT }),
    refetchInterval: 15_000
  })
