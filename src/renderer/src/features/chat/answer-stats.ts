import type { Answer } from '../../../../shared/chats'
import { shownFigures } from '../../../../shared/engine-plain'
import { type Locale, translate } from '../../i18n/translate'

/** An answer's figures under it: tokens, speed, time to the first token, those it can give (`shownFigures`). */
export function answerStatsText(locale: Locale, stats: NonNullable<Answer['stats']>): string {
  const { tokens, tokensPerSecond, ttftMs } = shownFigures(stats)
  const ttft = ttftMs === null ? null : ttftMs >= 1000 ? `${(ttftMs / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} s` : `${Math.round(ttftMs)} ms`
  return [
    translate(locale, 'chat.stats.tokens', { count: tokens }),
    ...(tokensPerSecond !== null ? [translate(locale, 'chat.stats.speed', { speed: tokensPerSecond.toLocaleString(locale, { maximumFractionDigits: 1 }) })] : []),
    ...(ttft !== null ? [translate(locale, 'chat.stats.ttft', { ttft })] : [])
  ].join(' · ')
}
