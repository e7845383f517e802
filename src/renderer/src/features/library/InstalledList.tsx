import { useState } from 'react'
import { formatBytes } from '../../../../shared/format'
import type { InstalledQuant } from '../../../../shared/library'
import { call } from '../../bridge'
import { ConfirmDialog } from '../../components/Dialog'
import { ActionError } from '../../components/ActionError'
import { Icon } from '../../components/Icon'
import { useActions } from '../../components/useAction'
import { useLocale, useT } from '../../i18n'
import { keyOf, useLibrary } from '../../stores/library'
import { useFitVerdict } from './use-fit-verdict'

/** The installed quantisations (custom ones marked so): fit on this machine, size, checksum state, dates, and show / verify / delete. */
export function InstalledList({ installed }: { installed: InstalledQuant[] }): React.JSX.Element {
  const t = useT()
  const [shownPath, setShownPath] = useState<string | null>(null)
  const action = useActions()
  const guard = (work: () => Promise<unknown>): void => void action.run(work)
  return (
    <>
      <ActionError action={action} />
      {shownPath && (
        <div className="notice library-path" role="status">
          {t('library.shownAt')} <code>{shownPath}</code>
          <button type="button" className="button button--link" onClick={() => void navigator.clipboard.writeText(shownPath)}>
            <Icon name="copy" size={14} />
          </button>
        </div>
      )}
      <table className="library-table">
        <thead>
          <tr>
            <th scope="col">{t('library.column.model')}</th>
            <th scope="col">{t('library.column.size')}</th>
            <th scope="col">{t('library.column.check')}</th>
            <th scope="col">{t('library.column.dates')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('library.column.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {installed.map((quant) => (
            <InstalledRow
              key={keyOf(quant)}
              quant={quant}
              onShow={() => guard(async () => {
                const result = await call('library:show', { modelId: quant.modelId, quantId: quant.quantId })
                setShownPath(result.shown ? null : result.path)
              })}
              guard={guard}
            />
          ))}
        </tbody>
      </table>
    </>
  )
}

function InstalledRow({ quant, onShow, guard }: { quant: InstalledQuant; onShow: () => void; guard: (action: () => Promise<unknown>) => void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const verifying = useLibrary((state) => state.verifying.includes(keyOf(quant)))
  const verify = useLibrary((state) => state.verify)
  const verdict = useFitVerdict()(quant)
  const [confirming, setConfirming] = useState(false)
  const date = (iso: string): string => new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' })
  const key = { modelId: quant.modelId, quantId: quant.quantId }
  const name = `${quant.modelName} ${quant.quantId}`
  return (
    <tr>
      <th scope="row">
        <span className="library-table__name">{quant.modelName}</span>
        <span className="quant-chip">{quant.quantId}</span>
        {quant.custom && (
          <span className="quant-chip" title={t('library.customHint')}>
            {t('library.custom')}
          </span>
        )}
        {quant.files.length > 1 && <span className="muted"> · {t('library.files', { count: quant.files.length })}</span>}
        {verdict !== null && <span className="library-table__sub">{verdict}</span>}
      </th>
      <td className="library-table__number">{formatBytes(quant.sizeBytes, locale)}</td>
      <td>
        <span className={`check-badge check-badge--${quant.check}`} title={t(`library.check.${quant.check}Hint`, { date: date(quant.checkedAt) })}>
          {verifying ? t('library.verifying') : t(`library.check.${quant.check}`)}
        </span>
        {/* A damaged or missing file says what to do in words, not only in a tooltip. */}
        {!verifying && (quant.check === 'mismatch' || quant.check === 'missing') && <small className="library-table__check-hint">{t(`library.check.${quant.check}Hint`, { date: date(quant.checkedAt) })}</small>}
      </td>
      <td className="library-table__dates">
        {date(quant.installedAt)}
        {quant.source === 'import' && <span className="muted"> ({t('library.imported')})</span>}
        <span className="library-table__sub">{quant.lastUsedAt ? date(quant.lastUsedAt) : t('library.neverUsed')}</span>
      </td>
      <td className="library-table__actions">
        <div className="row-actions">
          <button type="button" className="button button--small" onClick={onShow} title={t('library.action.show')}>
            <Icon name="folder" size={16} />
            <span className="visually-hidden">{t('library.action.show')}</span>
          </button>
          <button type="button" className="button button--small" disabled={verifying} onClick={() => guard(() => verify(key))}>
            {t('library.action.verify')}
          </button>
          <button type="button" className="button button--small button--danger-text" onClick={() => setConfirming(true)}>
            <Icon name="trash" size={16} />
            {t('library.action.delete')}
          </button>
        </div>
        {confirming && (
          <ConfirmDialog
            title={t('library.delete.title', { model: name })}
            cancelLabel={t('library.cancel')}
            confirmLabel={t('library.action.delete')}
            onConfirm={() => guard(() => call('library:delete', key))}
            onClose={() => setConfirming(false)}
          >
            <p>{t('library.delete.body', { size: formatBytes(quant.sizeBytes, locale) })}</p>
            <p className="muted">
              <code>{quant.path}</code>
            </p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  )
}
