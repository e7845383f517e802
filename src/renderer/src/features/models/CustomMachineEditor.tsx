/**
 * The custom machine: GPU kind, how many and how much memory each, RAM, unified memory. What is typed is checked
 * against the schema the settings file uses and said wrong in the user's language beside its field; Save keeps it
 * in Settings (it survives a restart and `fit --hardware custom` reads it) and turns every verdict to it at once.
 */
import { useId, useState } from 'react'
import { CustomMachine, customMachineId, customMachineLimits, defaultCustomMachine, type CustomGpuKind } from '../../../../shared/hardware-profiles'
import { ActionError } from '../../components/ActionError'
import { useAction } from '../../components/useAction'
import { useT, type MessageKey } from '../../i18n'
import { useSettings } from '../../stores/settings'
import { useModelsView } from './view-store'
import './custom-machine.css'

type NumberField = 'gpuCount' | 'gpuMemoryGB' | 'ramGB'
type Draft = { gpu: CustomGpuKind; unifiedMemory: boolean } & Record<NumberField, string>

const gpuKinds: Array<[CustomGpuKind, MessageKey]> = [
  ['nvidia', 'models.custom.gpu.nvidia'],
  ['amd', 'models.custom.gpu.amd'],
  ['apple', 'models.custom.gpu.apple'],
  ['none', 'models.custom.gpu.none']
]

/** A machine with a GPU of its own has GPU fields; Apple silicon's GPU and "no GPU" have none to fill in. */
const hasGpuFields = (gpu: CustomGpuKind): boolean => gpu === 'nvidia' || gpu === 'amd'

const toDraft = (machine: CustomMachine): Draft => ({
  ...machine,
  gpuCount: String(machine.gpuCount),
  gpuMemoryGB: String(machine.gpuMemoryGB),
  ramGB: String(machine.ramGB)
})

/** What Save would send. A hidden GPU field keeps what it held when that is a number, else the default. */
function fromDraft(draft: Draft): unknown {
  const number = (field: NumberField): number => {
    const value = draft[field].trim() === '' ? NaN : Number(draft[field])
    return hasGpuFields(draft.gpu) || field === 'ramGB' || CustomMachine.shape[field].safeParse(value).success ? value : defaultCustomMachine[field]
  }
  return { gpu: draft.gpu, unifiedMemory: draft.unifiedMemory, gpuCount: number('gpuCount'), gpuMemoryGB: number('gpuMemoryGB'), ramGB: number('ramGB') }
}

/** Each wrong field with what to say about it, in the user's language. */
function problemsOf(draft: Draft, t: ReturnType<typeof useT>): Partial<Record<NumberField, string>> {
  const parsed = CustomMachine.safeParse(fromDraft(draft))
  const problems: Partial<Record<NumberField, string>> = {}
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path[0] as NumberField
    if (problems[field] || !(field in customMachineLimits)) continue
    // The two rules across fields (see CustomMachine); every other problem is a number out of its range.
    if (issue.code === 'custom') problems[field] = t(field === 'gpuCount' ? 'models.custom.invalid.oneUnified' : 'models.custom.invalid.sharedMemory')
    else problems[field] = t('settings.invalid.number', { min: customMachineLimits[field].min.toLocaleString(), max: customMachineLimits[field].max.toLocaleString() })
  }
  return problems
}

export function CustomMachineEditor(): React.JSX.Element | null {
  const open = useModelsView((state) => state.editingMachine)
  // Mounted only while open, so each opening starts from what is saved.
  return open ? <Editor /> : null
}

function Editor(): React.JSX.Element {
  const t = useT()
  const id = useId()
  const saved = useSettings((state) => state.settings.customMachine)
  const update = useSettings((state) => state.update)
  const setProfile = useModelsView((state) => state.setProfile)
  const setEditingMachine = useModelsView((state) => state.setEditingMachine)
  const close = (): void => setEditingMachine(false)
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved ?? defaultCustomMachine))
  const save = useAction(async (machine: CustomMachine) => {
    await update({ customMachine: machine })
    setProfile(customMachineId)
    close()
  })
  const problems = problemsOf(draft, t)
  const change = (part: Partial<Draft>): void => setDraft((current) => ({ ...current, ...part }))

  const numberField = (field: NumberField, label: MessageKey, hint?: MessageKey): React.JSX.Element => (
    <div className="custom-machine__field">
      <label htmlFor={`${id}-${field}`}>{t(label)}</label>
      <input
        id={`${id}-${field}`}
        className="input custom-machine__number"
        type="number"
        inputMode="numeric"
        min={customMachineLimits[field].min}
        max={customMachineLimits[field].max}
        step={1}
        value={draft[field]}
        aria-invalid={problems[field] !== undefined}
        aria-describedby={problems[field] ? `${id}-${field}-error` : undefined}
        onChange={(event) => change({ [field]: event.target.value })}
      />
      {hint && <span className="custom-machine__hint">{t(hint)}</span>}
      {problems[field] && (
        <span id={`${id}-${field}-error`} className="custom-machine__error" role="alert">
          {problems[field]}
        </span>
      )}
    </div>
  )

  return (
    <section id="custom-machine" className="custom-machine" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('models.custom.title')}</h2>
      <p className="custom-machine__intro">{t('models.custom.intro')}</p>
      <form
        className="custom-machine__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const parsed = CustomMachine.safeParse(fromDraft(draft))
          if (parsed.success) void save.run(parsed.data)
        }}
      >
        <div className="custom-machine__field">
          <label htmlFor={`${id}-gpu`}>{t('models.custom.gpu')}</label>
          <select id={`${id}-gpu`} className="input" value={draft.gpu} onChange={(event) => change({ gpu: event.target.value as CustomGpuKind })}>
            {gpuKinds.map(([kind, label]) => (
              <option key={kind} value={kind}>
                {t(label)}
              </option>
            ))}
          </select>
          {draft.gpu === 'apple' && <span className="custom-machine__hint">{t('models.custom.appleHint')}</span>}
        </div>
        {hasGpuFields(draft.gpu) && (
          <>
            {numberField('gpuCount', 'models.custom.gpuCount')}
            {numberField('gpuMemoryGB', 'models.custom.gpuMemory', 'models.custom.gpuMemoryHint')}
          </>
        )}
        {numberField('ramGB', 'models.custom.ram')}
        {hasGpuFields(draft.gpu) && (
          <label className="custom-machine__check">
            <input type="checkbox" checked={draft.unifiedMemory} onChange={(event) => change({ unifiedMemory: event.target.checked })} />
            <span>
              {t('models.custom.unified')}
              <span className="custom-machine__hint">{t('models.custom.unifiedHint')}</span>
            </span>
          </label>
        )}
        <div className="custom-machine__actions">
          <button type="submit" className="button button--primary" disabled={save.pending || Object.keys(problems).length > 0}>
            {t('models.custom.save')}
          </button>
          <button type="button" className="button" onClick={close}>
            {t('models.custom.cancel')}
          </button>
        </div>
        <ActionError action={save} />
      </form>
    </section>
  )
}
