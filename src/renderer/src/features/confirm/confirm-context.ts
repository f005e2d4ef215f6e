/**
 * How any view asks for a guarded action, apart from the dialog that carries it out: a button needs
 * only this, so it can be rendered (and tested) without the API client the dialog pulls in.
 */
import { createContext, useContext } from 'react'
import type { ActionId, ExecutedAction } from '../../../../shared/actions'

/** What any view asks for: the guard prepares it, the dialog shows it, the user types the challenge. */
export interface ConfirmRequest {
  connectionId: string
  action: ActionId
  target: Record<string, unknown>
  onDone?: (result: ExecutedAction) => void
}

export const ConfirmContext = createContext<((request: ConfirmRequest) => void) | null>(null)

export const useConfirmAction = (): ((request: ConfirmRequest) => void) => {
  const open = useContext(ConfirmContext)
  if (open === null) throw new Error('useConfirmAction outside ConfirmProvider')
  return open
}
