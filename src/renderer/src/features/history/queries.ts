import { useQuery } from '@tanstack/react-query'
import { callOrThrow } from '../../api/queries'

/** A connection's timeline over the last `windowMs`, re-read every 30 s (the store is local: no server cost). */
export const useTimeline = (connectionId: string, windowMs: number) =>
  useQuery({
    queryKey: ['history.timeline', connectionId, windowMs],
    queryFn: () => callOrThrow('history.timeline', { connectionId, since: Date.now() - windowMs }),
    refetchInterval: 30_000
  })
