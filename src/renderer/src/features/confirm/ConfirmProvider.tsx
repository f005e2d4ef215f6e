import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import type { ActionId, ExecutedAction } from '../../../../shared/actions'
import { ConfirmDialog } from './ConfirmDialog'

/** What any view asks for: the guard prepares it, the dialog shows it, the user types the challenge. */
export interface ConfirmRequest {
  connectionId: string
  action: ActionId
  target: Record<string, unknown>
  onDone?: (result: ExecutedAction) => void
}

const ConfirmContext = createContext<((request: ConfirmRequest) => void) | null>(null)

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

export const useConfirmAction = (): ((request: ConfirmRequest) => void) => {
  const open = useContext(ConfirmContext)
  if (open === null) throw new Error('useConfirmAction outside ConfirmProvider')
  return open
}
