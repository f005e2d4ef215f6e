import { useCallback, useMemo, useState, type ReactNode } from 'react'
import { ConfirmContext, type ConfirmRequest } from './confirm-context'
import { ConfirmDialog } from './ConfirmDialog'

/** Hosts the one confirm dialog of the app; views open it through `useConfirmAction()`. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<(ConfirmRequest & { seq: number }) | null>(null)
  const open = useCallback(
    (next: ConfirmRequest) => setRequest((prev) => ({ ...next, seq: (prev?.seq ?? 0) + 1 })),
    []
  )
  const close = useCallback(() => setRequest(null), [])
  const value = useMemo(() => open, [open])
  return (
    <ConfirmContext.Provider value={value}>
      {children}
      {request !== null && <ConfirmDialog key={request.seq} request={request} onClose={close} />}
    </ConfirmContext.Provider>
  )
}
