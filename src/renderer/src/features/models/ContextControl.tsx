import { formatContext } from '../../../../shared/fit/format-context'
import { useT } from '../../i18n'
import { contextSteps, useModelsView } from './view-store'

/** One slider for every row: each verdict, memory figure and recommendation follows it at once. */
export function ContextControl(): React.JSX.Element {
  const t = useT()
  const { contextTokens, setContext } = useModelsView()
  const index = Math.max(0, contextSteps.findIndex((step) => step >= contextTokens))
  const value = t('models.context.value', { tokens: formatContext(contextTokens) })
  return (
    <div className="models-control models-control--context">
      <label className="models-control__label" htmlFor="models-context">
        {t('models.context.label')}
      </label>
      <div className="models-context">
        <input
          id="models-context"
          type="range"
          min={0}
          max={contextSteps.length - 1}
          step={1}
          value={index}
          aria-valuetext={value}
          aria-describedby="models-context-hint"
          onChange={(event) => setContext(contextSteps[Number(event.target.value)] ?? contextTokens)}
        />
        <output className="models-context__value" htmlFor="models-context">
          {value}
        </output>
      </div>
      <div className="models-context__ticks" aria-hidden="true">
        {contextSteps.map((step) => (
          <span key={step}>{formatContext(step)}</span>
        ))}
      </div>
      <p id="models-context-hint" className="models-control__hint">
        {t('models.context.hint')}
      </p>
    </div>
  )
}
