import { useEffect, useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import { api } from '../../api/client'
import { callOrThrow } from '../../api/queries'

export interface ScanProgress {
  done: number
  total: number | null
  message: string
}

/** The bounded big-key scan: one request id per run, progress from the host's events, cancellable. */
export const useBigKeysScan = (connectionId: string) => {
  const [requestId, setRequestId] = useState<string | null>(null)
  const [progress, setProgress] = useState<ScanProgress | null>(null)
  const scan = useMutation({
    mutationFn: (id: string) => callOrThrow('redis.bigKeys', { connectionId, requestId: id }),
    onSettled: () => setRequestId(null)
  })
  useEffect(() => {
    if (requestId === null) return
    return api.onEvent((event) => {
      if (event.type === 'progress' && event.requestId === requestId)
        setProgress({ done: event.done, total: event.total, message: event.message })
    })
  }, [requestId])
  const start = () => {
    const id = crypto.randomUUID()
    setProgress(null)
    setRequestId(id)
    scan.mutate(id)
  }
  const cancel = () => {
    if (requestId !== null) void callOrThrow('requests.cancel', { requestId }).catch(() => undefined)
  }
  return { start, cancel, running: scan.isPending, result: scan.data, error: scan.error, progress }
}
