const STORAGE_KEY = 'dbconsole.token'

/**
 * The serve host hands the page its token in the URL fragment (`#token=...`). Keep it for this tab
 * only (sessionStorage) and take it out of the visible URL so it is not copied, bookmarked or shown.
 */
export const takeToken = (): string | null => {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''))
  const fromHash = params.get('token')
  if (fromHash !== null && fromHash !== '') {
    sessionStorage.setItem(STORAGE_KEY, fromHash)
    params.delete('token')
    const rest = params.toString()
    const clean = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`
    window.history.replaceState(window.history.state, '', clean)
    return fromHash
  }
  return sessionStorage.getItem(STORAGE_KEY)
}
