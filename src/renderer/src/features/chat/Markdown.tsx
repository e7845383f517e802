import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react'
import { useT } from '../../i18n'
import { renderMarkdown, splitBlocks, splitLongBlocks } from './render-markdown'

const Block = memo(function Block({ source, copyLabel }: { source: string; copyLabel: string }) {
  return <div className="markdown__block" dangerouslySetInnerHTML={{ __html: renderMarkdown(source, copyLabel) }} />
})

/** How often a streaming answer is rendered again: fast enough to read as smooth, slow enough to stay cheap. */
const liveIntervalMs = 80
const liveBlockChars = 1500

/**
 * Rendered block by block: finished blocks keep their DOM while the last one grows. While `live`, updates are
 * spaced out and long paragraphs cut into pieces, so a 4,000-token answer never blocks the page.
 */
export function Markdown({ source, live = false }: { source: string; live?: boolean }): React.JSX.Element {
  const t = useT()
  const shown = useThrottled(source, live ? liveIntervalMs : 0)
  const blocks = useMemo(() => (live ? splitLongBlocks(splitBlocks(shown), liveBlockChars) : splitBlocks(shown)), [shown, live])
  const copyLabel = t('chat.copyCode')
  const copied = t('chat.copied')
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-copy-code]')
    const code = button?.closest('.code-block')?.querySelector('code')?.textContent
    if (!button || code == null) return
    void navigator.clipboard.writeText(code).then(() => {
      button.textContent = copied
      setTimeout(() => (button.textContent = copyLabel), 1500)
    })
  }
  return (
    <div className="markdown" onClick={onClick}>
      {blocks.map((block, index) => (
        <Block key={index} source={block} copyLabel={copyLabel} />
      ))}
    </div>
  )
}

/** The value, updated at most once per `intervalMs` (the latest value always arrives). */
function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value)
  const last = useRef(0)
  useEffect(() => {
    if (intervalMs === 0) return
    const wait = last.current + intervalMs - performance.now()
    const timer = setTimeout(
      () => {
        last.current = performance.now()
        setShown(value)
      },
      Math.max(0, wait)
    )
    return () => clearTimeout(timer)
  }, [value, intervalMs])
  return intervalMs === 0 ? value : shown
}
