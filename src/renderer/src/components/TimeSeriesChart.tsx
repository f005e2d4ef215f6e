import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { useThemeContext } from '../features/theme/ThemeContext'
import './time-series-chart.css'

export interface ChartSeries {
  label: string
  values: (number | null)[]
}

// Distinguishable in light and dark; meaning (bad/ok) is carried by findings, not by line colours.
const PALETTE = ['#3d7bf0', '#e0892b', '#2fa36b', '#b65fd1', '#d94f4f', '#2aa7b8', '#8a8f2a', '#c2577f']

/**
 * A theme colour as the canvas can use it. The variables are `light-dark(...)` expressions, which a
 * canvas cannot parse (it then keeps its previous colour: the axis text was invisible), so the browser
 * resolves them on a probe element to plain rgb().
 */
const themeColor = (name: string, fallback: string): string => {
  const probe = document.createElement('span')
  probe.style.color = `var(${name}, ${fallback})`
  document.body.appendChild(probe)
  const color = getComputedStyle(probe).color
  probe.remove()
  return color || fallback
}

/** The x axis spans at least this much, so one or two samples do not stretch it to years. */
const MIN_SPAN_S = 60

const buildOptions = (
  width: number,
  height: number,
  series: ChartSeries[],
  format: (n: number) => string,
  yLabel: string
): uPlot.Options => {
  const fg = themeColor('--fg-muted', '#5d6673')
  const grid = themeColor('--border', '#d6dae0')
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
  return {
    width,
    height,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: {
        time: true,
        range: (_u, min, max) => (max - min < MIN_SPAN_S ? [max - MIN_SPAN_S, max] : [min, max])
      },
      y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] }
    },
    axes: [
      { ...axis, label: 'local time', labelSize: 18 },
      { ...axis, label: yLabel, labelSize: 18, size: 64, values: (_u, ticks) => ticks.map((t) => format(t)) }
    ],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 1.5,
        spanGaps: false,
        points: { show: true, size: 3 },
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v))
      }))
    ]
  }
}

/**
 * A uPlot line chart: several series over one time axis (ms since epoch). Redrawn on new data,
 * resized with its container, recoloured when the theme changes. `data-points` exposes the sample
 * count so tests (and people) can tell a chart that moves from one that does not.
 */
export function TimeSeriesChart({
  title,
  times,
  series,
  format = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 2 }),
  height = 150,
  testId,
  yLabel
}: {
  title: string
  times: number[]
  series: ChartSeries[]
  format?: (n: number) => string
  height?: number
  testId?: string
  /** The y axis's label: what it measures, with its unit. */
  yLabel: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const { dark } = useThemeContext()
  const shape = series.map((s) => s.label).join('\u0000')
  const formatRef = useRef(format)
  useEffect(() => {
    formatRef.current = format
  }, [format])

  const data = (): uPlot.AlignedData => [times.map((t) => t / 1000), ...series.map((s) => s.values)]

  // Rebuild when the set of series or the theme changes; plain data updates use setData below.
  useEffect(() => {
    const el = host.current
    if (el === null) return
    const u = new uPlot(
      buildOptions(el.clientWidth || 400, height, series, (n) => formatRef.current(n), yLabel),
      data(),
      el
    )
    plot.current = u
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      u.destroy()
      plot.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- data flows in through setData
  }, [shape, dark, height, yLabel])

  useEffect(() => {
    plot.current?.setData(data())
    // eslint-disable-next-line react-hooks/exhaustive-deps -- times/series identity is the trigger
  }, [times, series])

  const empty = times.length < 2
  return (
    <figure className="ts-chart" data-testid={testId} data-points={times.length} aria-label={title}>
      <figcaption className="ts-title">{title}</figcaption>
      <div ref={host} className="ts-plot" style={{ minHeight: height }} />
      {empty && <div className="ts-empty muted">Collecting samples (every 5 s since connecting)…</div>}
    </figure>
  )
}
