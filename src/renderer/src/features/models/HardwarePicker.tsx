import { customMachineId, customMachineProfile, whatIfProfiles, type WhatIfProfile } from '../../../../shared/hardware-profiles'
import { useT, type MessageKey } from '../../i18n'
import { useSettings } from '../../stores/settings'
import { hardwareLabel } from './hardware-label'
import { useModelsView } from './view-store'

const groups: Array<{ kind: WhatIfProfile['kind']; label: MessageKey }> = [
  { kind: 'desktop', label: 'models.hardware.groupGpu' },
  { kind: 'apple', label: 'models.hardware.groupApple' },
  { kind: 'server', label: 'models.hardware.groupServer' },
  { kind: 'cpu', label: 'models.hardware.groupCpu' }
]

/**
 * "What if" this were another machine: every verdict is recomputed for the profile chosen, or for the custom machine
 * described in the editor beside it (choosing it before one is described opens the editor).
 */
export function HardwarePicker(): React.JSX.Element {
  const t = useT()
  const { profileId, setProfile, editingMachine, setEditingMachine } = useModelsView()
  const customMachine = useSettings((state) => state.settings.customMachine)
  return (
    <div className="models-control">
      <label className="models-control__label" htmlFor="models-hardware">
        {t('models.hardware.label')}
      </label>
      <div className="hardware-picker">
        <select
          id="models-hardware"
          className="input"
          value={profileId ?? ''}
          onChange={(event) => {
            const id = event.target.value || null
            if (id === customMachineId && !customMachine) setEditingMachine(true)
            else setProfile(id)
          }}
        >
          <option value="">{t('models.hardware.thisComputer')}</option>
          <optgroup label={t('models.custom.group')}>
            <option value={customMachineId}>
              {customMachine ? t('models.custom.option', { label: hardwareLabel(customMachineProfile(customMachine), t) }) : t('models.custom.describe')}
            </option>
          </optgroup>
          {groups.map((group) => (
            <optgroup key={group.kind} label={t(group.label)}>
              {whatIfProfiles
                .filter((profile) => profile.kind === group.kind)
                .map((profile) => (
                  <option key={profile.id} value={profile.id}>
                    {hardwareLabel(profile.hardware, t)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="button button--link hardware-picker__edit" aria-expanded={editingMachine} aria-controls="custom-machine" onClick={() => setEditingMachine(!editingMachine)}>
          {t(customMachine ? 'models.custom.edit' : 'models.custom.describeButton')}
        </button>
      </div>
    </div>
  )
}
