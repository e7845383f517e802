import { useId, useState } from 'react'
import { modelReference } from '../../../../shared/library-plain'
import { useT } from '../../i18n'
import { useLibrary } from '../../stores/library'
import { apiExample, type ExampleLanguage } from './api-examples'

const languages: Array<[ExampleLanguage, string]> = [
  ['curl', 'curl'],
  ['python', 'Python'],
  ['javascript', 'JavaScript']
]

/** One request to the API as curl, Python or JavaScript writes it, with the installed model's id, ready to copy. */
export function ApiExamples({ baseUrl, needsKey }: { baseUrl: string; needsKey: boolean }): React.JSX.Element {
  const t = useT()
  const id = useId()
  const [language, setLanguage] = useState<ExampleLanguage>('curl')
  const [copied, setCopied] = useState(false)
  const installed = useLibrary((state) => state.snapshot?.installed[0])
  const example = apiExample(language, baseUrl, installed ? modelReference(installed) : 'exaone-4.0-1.2b:Q4_K_M', needsKey)
  return (
    <div className="field">
      <label htmlFor={id}>{t('api.example')}</label>
      <span className="token-field">
        <select id={id} className="input" value={language} onChange={(event) => setLanguage(event.target.value as ExampleLanguage)}>
          {languages.map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small"
          onClick={() => void navigator.clipboard.writeText(example).then(() => setCopied(true))}
          onBlur={() => setCopied(false)}
        >
          {copied ? t('api.example.copied') : t('api.example.copy')}
        </button>
      </span>
      <pre className="api-server__example">{example}</pre>
    </div>
  )
}
