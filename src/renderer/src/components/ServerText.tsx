import { splitHidden } from '../../../shared/hidden-chars'

/** Text from a server, as text, with its hidden characters shown instead of applied (see hidden-chars). */
export function ServerText({ text }: { text: string }) {
  const parts = splitHidden(text)
  if (parts.length === 1 && !parts[0]?.hidden) return <>{text}</>
  return (
    <>
      {parts.map((p, i) =>
        p.hidden ? (
          <span
            key={i}
            className="hidden-char"
            title={`${p.text} ${p.name}: in the server's text, shown not applied`}
          >
            {p.text}
          </span>
        ) : (
          p.text
        )
      )}
    </>
  )
}
