/** One fact in a summary header (plan and explain views): a label over a value, both text. */
export function Fact({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="plan-fact" title={title ?? `${label}: ${value}`}>
      <span className="plan-fact-label">{label}</span>
      <span className="plan-fact-value truncate">{value}</span>
    </div>
  )
}
