import { defaultContextTokens } from '../../../../shared/engine-plain'
import { evaluateFit } from '../../../../shared/fit/advisor'
import { describeVerdict } from '../../../../shared/fit/reasons'
import type { InstalledQuant } from '../../../../shared/library'
import { fitSubject } from '../../../../shared/library-plain'
import { useLocale } from '../../i18n'
import { useCatalog } from '../../stores/catalog'
import { useHardware } from '../../stores/hardware'

/**
 * The fit advisor's verdict on an installed file for this machine at the default context, in the user's language:
 * by its catalog entry, or for a custom file by its header. Null until the catalog and the probe are in.
 */
export function useFitVerdict(): (installed: InstalledQuant) => string | null {
  const locale = useLocale()
  const catalog = useCatalog((state) => state.catalog)
  const probe = useHardware((state) => state.probe)
  return (installed) => {
    const subject = catalog && fitSubject(installed, catalog.models)
    if (!subject || !probe) return null
    return describeVerdict(evaluateFit({ ...subject, hardware: probe, contextTokens: defaultContextTokens }), locale)
  }
}
