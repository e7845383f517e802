import { useLayoutEffect, useRef, useState } from 'react'

export interface ChartSeries {
  label: string
  /** The latest value in words and numbers, shown in the legend. */
  current: string
  variant: 'primary' | 'secondary'
  points: Array<{ at: number; value: number | null }>
}

interface LineChartProps {
  title: string
  /** Read by screen readers instead of the drawing. */
  summary: string
  series: ChartSeries[]
  max: number
  /** The right edge: the newest point's time, so a paused chart does not scroll away. */
  now: number
  windowMs: number
  /** A longer pause between two points (nobody was watching) breaks the line. */
  gapMs: number
  formatValue: (value: number) => string
  startLabel: string
  endLabel: string
}

const height = 150
const pad = { top: 10, right: 10, bottom: 22, left: 66 }

/** A small SVG line chart whose colours come from CSS variables, so it follows the light and dark themes. */
export function LineChart(props: LineChartProps): React.JSX.Element {
  const { ref, width } = useWidth<HTMLDivElement>()
  const plotWidth = Math.max(10, width - pad.left - pad.right)
  const plotHeight = height - pad.top - pad.bottom
  const x = (at: number): number => pad.left + plotWidth * (1 - (props.now - at) / props.windowMs)
  const y = (value: number): number => pad.top + plotHeight * (1 - Math.min(1, value / props.max))
  const minutes = Math.round(props.windowMs / 60_000)

  return (
    <figure className="chart">
      <figcaption className="chart__title">{props.title}</figcaption>
      <div ref={ref} className="chart__canvas">
        <svg width={width} height={height} role="img" aria-label={props.summary}>
          {[0, 0.5, 1].map((fraction) => (
            <g key={fraction} className="chart__grid">
              <line x1={pad.left} x2={pad.left + plotWidth} y1={y(props.max * fraction)} y2={y(props.max * fraction)} />
              <text x={pad.left - 6} y={y(props.max * fraction)} dy="0.32em" textAnchor="end">
                {props.formatValue(props.max * fraction)}
              </text>
            </g>
          ))}
          {Array.from({ length: minutes - 1 }, (_, index) => (
            <line key={index} className="chart__minute" x1={x(props.now - (index + 1) * 60_000)} x2={x(props.now - (index + 1) * 60_000)} y1={pad.top} y2={pad.top + plotHeight} />
          ))}
          {props.series.map((series) =>
            runs(series.points, props.gapMs).map((run, index, all) => {
              const line = run.map((point, at) => `${at === 0 ? 'M' : 'L'}${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`).join('')
              const first = run[0]
              const last = run.at(-1)
              return (
                <g key={`${series.label}-${index}`} className={`chart__series chart__series--${series.variant}`}>
                  {series.variant === 'primary' && first && last && (
                    <path className="chart__area" d={`${line}L${x(last.at).toFixed(1)},${y(0)}L${x(first.at).toFixed(1)},${y(0)}Z`} />
                  )}
                  <path className="chart__line" d={line} />
                  {index === all.length - 1 && last && <circle className="chart__dot" cx={x(last.at)} cy={y(last.value)} r={3} />}
                </g>
              )
            })
          )}
          <text className="chart__axis" x={pad.left} y={height - 6}>
            {props.startLabel}
          </text>
          <text className="chart__axis" x={pad.left + plotWidth} y={height - 6} textAnchor="end">
            {props.endLabel}
          </text>
        </svg>
      </div>
      <ul className="chart__legend">
        {props.series.map((series) => (
          <li key={series.label}>
            <span className={`chart__swatch chart__swatch--${series.variant}`} aria-hidden="true" />
            <span>{series.label}</span>
            <strong>{series.current}</strong>
          </li>
        ))}
      </ul>
    </figure>
  )
}

/** Consecutive measured points, split where a value is missing or the sampling paused. */
function runs(points: ChartSeries['points'], gapMs: number): Array<Array<{ at: number; value: number }>> {
  const result: Array<Array<{ at: number; value: number }>> = []
  let current: Array<{ at: number; value: number }> = []
  let previous = -Infinity
  for (const point of points) {
    if (point.value === null || point.at - previous > gapMs) {
      if (current.length > 0) result.push(current)
      current = []
    }
    if (point.value !== null) current.push({ at: point.at, value: point.value })
    previous = point.at
  }
  if (current.length > 0) result.push(current)
  return result
}

/** The element's width in CSS pixels, so the chart draws at its real size and its text stays crisp. */
function useWidth<T extends HTMLElement>(): { ref: React.RefObject<T | null>; width: number } {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(480)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    setWidth(element.clientWidth)
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? element.clientWidth)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}
