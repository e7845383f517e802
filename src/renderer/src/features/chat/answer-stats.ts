import type { Answer } from '../../../../shared/chats'
import { type Locale, translate } from '../../i18n/translate'

/**
 * An answer's figures under it: tokens, speed, time to the first token. Each is left out where the answer cannot
 * give it rather than shown as 0: a speed needs the times of two tokens at least (an answer that came as one chunk,
 * from a remote server that sends it whole, has one), and a time to the first token needs a first token (a model
 * can end its answer before writing any).
 */
export function answerStatsText(locale: Locale, stats: NonNullable<Answer['stats']>): string {
  const ttft = stats.ttftMs >= 1000 ? `${(stats.ttftMs / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} s` : `${Math.round(stats.ttftMs)} ms`
  return [
    translate(locale, 'chat.stats.tokens', { count: stats.generatedTokens }),
    ...(stats.tokensPerSecond > 0 ? [translate(locale, 'chat.stats.speed', { speed: stats.tokensPerSecond.toLocaleString(locale, { maximumFractionDigits: 1 }) })] : []),
    ...(stats.generatedTokens > 0 ? [translate(locale, 'chat.stats.ttft', { ttft })] : [])
  ].join(' · ')
}
