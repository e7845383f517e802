import { whatIfProfiles, type WhatIfProfile } from '../../../../shared/hardware-profiles'
import { useT, type MessageKey } from '../../i18n'
import { hardwareLabel } from './hardware-label'
import { useModelsView } from './view-store'

const groups: Array<{ kind: WhatIfProfile['kind']; label: MessageKey }> = [
  { kind: 'desktop', label: 'models.hardware.groupGpu' },
  { kind: 'apple', label: 'models.hardware.groupApple' },
  { kind: 'server', label: 'models.hardware.groupServer' },
  { kind: 'cpu', label: 'models.hardware.groupCpu' }
]

/** "What if" this were another machine: every verdict is recomputed for the profile chosen. */
export function HardwarePicker(): React.JSX.Element {
  const t = useT()
  const { profileId, setProfile } = useModelsView()
  return (
    <div className="models-control">
      <label className="models-control__label" htmlFor="models-hardware">
        {t('models.hardware.label')}
      </label>
      <select id="models-hardware" className="input" value={profileId ?? ''} onChange={(event) => setProfile(event.target.value || null)}>
        <option value="">{t('models.hardware.thisComputer')}</option>
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
    </div>
  )
}
