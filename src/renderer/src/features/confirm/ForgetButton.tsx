import { useMutation, useQueryClient } from '@tanstack/react-query'

/**
 * "It is gone on purpose": stops reporting a member a connection's sweeps saw and lost (nothing on the
 * server changes, so there is no challenge); the next check no longer lists it. The API client is loaded
 * on click, so findings render (and are contract-tested) without a host bridge.
 */
export function ForgetButton({ connectionId, member }: { connectionId: string; member: string }) {
  const client = useQueryClient()
  const forget = useMutation({
    mutationFn: async () => {
      const api = await import('../../api/queries')
      await api.callOrThrow('topology.forget', { connectionId, member })
      await client.invalidateQueries({ queryKey: api.queryKeys.checks(connectionId) })
    }
  })
  return (
    <button
      type="button"
      className="btn btn-small"
      title="Stop reporting it (it is remembered again if it comes back); the server is not touched"
      disabled={forget.isPending}
      onClick={(e) => {
        e.stopPropagation()
        forget.mutate()
      }}
    >
      {forget.isError ? 'Forget failed: retry' : 'Forget'}
    </button>
  )
}
