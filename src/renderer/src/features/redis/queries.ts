import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import { cancelCall, callOrThrow } from '../../api/queries'
import { newRequestId, useRunningCall } from '../../api/running-calls'

/** The bounded big-key scan: one request id per run, so its progress and Cancel can be shown in place. */
export const useBigKeysScan = (connectionId: string) => {
  const [requestId, setRequestId] = useState<string | null>(null)
  const scan = useMutation({
    mutationFn: (id: string) => callOrThrow('redis.bigKeys', { connectionId }, { requestId: id })
  })
  const progress = useRunningCall(requestId)?.progress ?? null
  const start = () => {
    const id = newRequestId()
    setRequestId(id)
    scan.mutate(id)
  }
  const cancel = () => {
    if (requestId !== null) cancelCall(requestId)
  }
  return { start, cancel, running: scan.isPending, result: scan.data, error: scan.error, progress }
}

/** A live read run on demand (CLIENT LIST, the doctors): nothing is sent until the user asks. */
export const useRedisClients = (connectionId: string) =>
  useMutation({ mutationFn: () => callOrThrow('redis.clients', { connectionId }) })

export const useRedisDoctor = (connectionId: string) =>
  useMutation({ mutationFn: () => callOrThrow('redis.doctor', { connectionId }) })
