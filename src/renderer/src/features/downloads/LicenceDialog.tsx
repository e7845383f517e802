import type { LicenceStatus } from '../../../../shared/downloads'
import { Dialog } from '../../components/Dialog'
import { useT } from '../../i18n'

/** Shown before a model's first download: the licence by name, what it allows, a link, accept or cancel. */
export function LicenceDialog({ licence, onAccept, onCancel }: { licence: LicenceStatus; onAccept: () => void; onCancel: () => void }): React.JSX.Element {
  const t = useT()
  return (
    <Dialog
      title={t('licence.title', { model: licence.modelName })}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            {t('licence.cancel')}
          </button>
          <button type="button" className="button button--primary" onClick={onAccept}>
            {t('licence.accept')}
          </button>
        </>
      }
    >
      <p>{t('licence.intro', { model: licence.modelName, licence: licence.licenceName })}</p>
      <p className={licence.commercialUse ? 'licence-note' : 'licence-note licence-note--restricted'}>
        {t(licence.commercialUse ? 'licence.commercial' : 'licence.nonCommercial')}
      </p>
      <p>
        <a href={licence.url} target="_blank" rel="noreferrer">
          {t('licence.read')}
        </a>
      </p>
      <p className="muted">{t('licence.record')}</p>
    </Dialog>
  )
}
