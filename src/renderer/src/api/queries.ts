import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract'
import type { ConnectionStatus } from '../../../shared/connection'
import { api } from './client'
import { isCancellable } from '../../../shared/cancellable'
import { newRequestId, runningCalls } from './running-calls'
import { ApiError, toAppError } from './types'

declare module '@tanstack/react-query' {
  interface Register {
    /** Every query and mutation error is a `{ code, message }` object. */
    defaultError: ApiError
  }
}

/** Asks the host to stop a running call; a call that already settled is no error. */
export const cancelCall = (requestId: string): void => {
  void api.call('requests.cancel', { requestId }).catch(() => undefined)
}

export interface CallOptions {
  /** react-query's signal: a query that is abandoned or cancelled stops on the host too. */
  signal?: AbortSignal
  /** The caller's own id for the call (to follow its progress); one is made up otherwise. */
  requestId?: string
}

const unwrap = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
  let result
  try {
    result = await api.call(method, input)
  } catch (cause) {
    throw ApiError.from(toAppError(cause))
  }
  if (!result.ok) throw ApiError.from(result.error)
  return result.value
}

/**
 * Calls one contract method and unwraps its envelope; a failure becomes an ApiError, never a raw string.
 * A cancellable method is named with a request id and listed in runningCalls while it runs, so the tray
 * can offer Cancel for anything slow, wherever it was started.
 */
export const callOrThrow = async <M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: CallOptions = {}
): Promise<MethodOutput<M>> => {
  if (!isCancellable(method)) return unwrap(method, input)
  const requestId = options.requestId ?? newRequestId()
  const connectionId = (input as { connectionId?: unknown }).connectionId
  runningCalls.add({
    requestId,
    method,
    connectionId: typeof connectionId === 'string' ? connectionId : null,
    startedAt: Date.now(),
    progress: null
  })
  const onAbort = () => cancelCall(requestId)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await unwrap(method, { ...input, requestId })
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    runningCalls.remove(requestId)
  }
}

export const queryKeys = {
  appInfo: ['app.info'] as const,
  connections: ['connections.list'] as const,
  statuses: ['connections.status'] as const,
  /** Every checks.run query of a connection (its full check and its engine page's records) share this prefix. */
  checks: (connectionId: string) => ['checks.run', connectionId] as const,
  metricsHistory: (connectionId: string) => ['metrics.history', connectionId] as const
}

export const useAppInfo = () =>
  useQuery({ queryKey: queryKeys.appInfo, queryFn: () => callOrThrow('app.info', {}), staleTime: Infinity })

export const useConnections = () =>
  useQuery({ queryKey: queryKeys.connections, queryFn: () => callOrThrow('connections.list', {}) })

export const useConnectionStatuses = () =>
  useQuery({
    queryKey: queryKeys.statuses,
    queryFn: () => callOrThrow('connections.status', {}),
    refetchInterval: 15_000
  })

/** The status of one connection; `disconnected` until the host says otherwise. */
export const useConnectionStatus = (id: string): ConnectionStatus => {
  const { data } = useConnectionStatuses()
  return (
    data?.find((s) => s.id === id) ?? { id, state: 'disconnected', server: null, error: null, lastOkAt: null }
  )
}

const putStatus = (client: QueryClient, status: ConnectionStatus): void => {
  client.setQueryData<ConnectionStatus[]>(queryKeys.statuses, (old) => {
    const rest = (old ?? []).filter((s) => s.id !== status.id)
    return [...rest, status]
  })
}

export const useSaveConnection = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: MethodInput<'connections.save'>) => callOrThrow('connections.save', input),
    onSuccess: async ({ id }) => {
      client.removeQueries({ queryKey: queryKeys.checks(id) })
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.connections }),
        client.invalidateQueries({ queryKey: queryKeys.statuses })
      ])
    }
  })
}

export const useRemoveConnection = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: MethodInput<'connections.remove'>) => callOrThrow('connections.remove', input),
    onSuccess: async (_value, { id }) => {
      client.removeQueries({ queryKey: queryKeys.checks(id) })
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.connections }),
        client.invalidateQueries({ queryKey: queryKeys.statuses })
      ])
    }
  })
}

/** Tries a profile without saving it; the answer is the server's own description. */
export const useTestConnection = () =>
  useMutation({
    mutationFn: (input: MethodInput<'connections.test'>) => callOrThrow('connections.test', input)
  })

export const useConnect = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: MethodInput<'connections.connect'>) => callOrThrow('connections.connect', input),
    onSuccess: (status) => putStatus(client, status),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.statuses })
  })
}

export const useDisconnect = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: MethodInput<'connections.disconnect'>) =>
      callOrThrow('connections.disconnect', input),
    onSuccess: (status) => putStatus(client, status),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.statuses })
  })
}

/**
 * The full check (with the big-key scan, as `dbconsole check` runs it) on demand (`refetch`); the last
 * result stays cached per connection.
 */
export const useDiagnostics = (connectionId: string) =>
  useQuery({
    queryKey: [...queryKeys.checks(connectionId), 'full'],
    queryFn: async ({ signal }) =>
      (await callOrThrow('checks.run', { connectionId, bigKeys: true }, { signal })).reports,
    enabled: false,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
    retry: false
  })

/** pgstattuple on one relation, on demand (it reads the relation): run per click, never cached. */
export const useInspectRelation = () =>
  useMutation({
    mutationFn: (input: MethodInput<'pg.inspectRelation'>) => callOrThrow('pg.inspectRelation', input)
  })

export const useAnalyzeText = () =>
  useMutation({ mutationFn: (input: MethodInput<'analyze.text'>) => callOrThrow('analyze.text', input) })

/** Pushed events keep the cache fresh without polling. Mount once, at the root. */
export const useAppEvents = (): void => {
  const client = useQueryClient()
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'connection.status') putStatus(client, event.status)
        if (event.type === 'progress')
          runningCalls.setProgress(event.requestId, {
            done: event.done,
            total: event.total,
            message: event.message
          })
      }),
    [client]
  )
}
