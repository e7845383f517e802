/**
 * --hardware: a saved or edited `probe --json` file, a built-in what-if profile id, "custom" for the machine described
 * on the Models page (kept in the settings file), or (absent) this machine.
 */
import { readFile } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { customMachineId, customMachineProfile, findWhatIfProfile, parseHardwareProfile, whatIfProfiles, type HardwareProfile } from '../../shared/hardware-profiles'
import { EventHub } from '../event-hub'
import { dataPaths, resolveDataDir } from '../paths'
import { SettingsStore } from '../services/settings-store'
import { probeFull } from '../services/hardware/full-probe'

export interface ChosenHardware {
  hardware: HardwareProfile
  /** What the advice is for, in words: "this machine", "profile rtx-4090-24gb", "machine.json". */
  label: string
}

export async function loadHardware(value: string | undefined): Promise<ChosenHardware> {
  if (value === undefined) return { hardware: await probeFull(dataPaths(resolveDataDir()).models), label: 'this machine' }
  if (value.toLowerCase() === customMachineId) {
    const { customMachine } = await new SettingsStore(dataPaths(resolveDataDir()).settings, new EventHub()).get()
    if (!customMachine) {
      throw new AppError({
        code: 'not-found',
        message: 'No custom machine has been described yet.',
        hint: 'Describe it on the Models page of the window ("Advice for" → My machine), or give a hardware file or a built-in profile.'
      })
    }
    return { hardware: customMachineProfile(customMachine), label: 'the custom machine' }
  }
  const profile = findWhatIfProfile(value)
  if (profile) return { hardware: profile.hardware, label: `profile ${profile.id}` }
  let text: string
  try {
    text = await readFile(value, 'utf8')
  } catch (error) {
    throw new AppError({
      code: 'not-found',
      message: `There is no hardware file or built-in profile called "${value}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      hint: `Save this machine with "exaone-desktop probe --json > machine.json", or name a profile: ${[customMachineId, ...whatIfProfiles.map((item) => item.id)].join(', ')}.`
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new AppError({
      code: 'bad-request',
      message: `${value} is not valid JSON: ${(error as Error).message}.`,
      hint: 'Start from "exaone-desktop probe --json > machine.json" and edit the numbers.'
    })
  }
  return { hardware: parseHardwareProfile(json, value), label: value }
}
