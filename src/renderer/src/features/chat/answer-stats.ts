import type { Answer } from '../../../../shared/chats'
import { type Locale, translate } from '../../i18n/translate'

/**
 * An answer's figures under it: tokens, speed, time to the first token. A speed needs the times of two tokens at
 * least, so an answer that came as one chunk (a remote server that sends it whole) leaves it out rather than
 * showing 0 tok/s.
 */
export function answerStatsText(locale: Locale, stats: NonNullable<Answer['stats']>): string {
  const ttft = stats.ttftMs >= 1000 ? `${(stats.ttftMs / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} s` : `${Math.round(stats.ttftMs)} ms`
  const speed = stats.tokensPerSecond > 0 ? [translate(locale, 'chat.stats.speed', { speed: stats.tokensPerSecond.toLocaleString(locale, { maximumFractionDigits: 1 }) })] : []
  return [translate(locale, 'chat.stats.tokens', { count: stats.generatedTokens }), ...speed, translate(locale, 'chat.stats.ttft', { ttft })].join(' · ')
}
