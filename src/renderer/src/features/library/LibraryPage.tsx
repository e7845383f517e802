import { useState } from 'react'
import { formatBytes } from '../../../../shared/format'
import type { LibrarySnapshot } from '../../../../shared/library'
import { call } from '../../bridge'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Icon } from '../../components/Icon'
import { useLocale, useT } from '../../i18n'
import { useDownloads } from '../../stores/downloads'
import { useHardware } from '../../stores/hardware'
import { useLibrary } from '../../stores/library'
import { navigate } from '../../stores/navigation'
import { DownloadRow } from '../downloads/DownloadRow'
import { InstalledList } from './InstalledList'
import { PathDialog } from './PathDialog'
import './library.css'

type OpenDialog = 'import' | 'move' | null

/** Downloads in progress (or left half done), installed models, and the folder they live in. */
export function LibraryPage(): React.JSX.Element {
  const t = useT()
  const { snapshot, error, refresh, dropped } = useLibrary()
  const downloads = useDownloads((state) => state.items)
  const downloadError = useDownloads((state) => state.error)
  const fileDialog = useHardware((state) => state.appInfo?.fileDialog ?? false)
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [move, setMove] = useState(false)
  // A .gguf dropped on the window opens the import dialog with its path; a refused drop says why.
  const droppedPath = dropped?.path ?? null
  const importing = dialog === 'import' || droppedPath !== null
  const empty = snapshot !== null && snapshot.installed.length === 0 && downloads.length === 0
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{t('library.title')}</h1>
        <button type="button" className="button" onClick={() => setDialog('import')}>
          <Icon name="plus" size={16} />
          {t('library.import')}
        </button>
      </header>
      {dropped?.error && <ErrorNotice error={dropped.error} onDismiss={() => useLibrary.setState({ dropped: null })} />}
      {error && (
        <>
          <h2 className="section-title">{t('library.loadError')}</h2>
          <ErrorNotice error={error} onRetry={() => void refresh()} />
        </>
      )}
      {!snapshot && !error && (
        <div className="library-loading" role="status">
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--block" />
          <span className="visually-hidden">{t('library.loading')}</span>
        </div>
      )}
      {snapshot && <FolderSummary snapshot={snapshot} onMove={() => setDialog('move')} />}
      {downloadError && <ErrorNotice error={downloadError} onDismiss={() => useDownloads.setState({ error: null })} />}
      {downloads.length > 0 && (
        <section aria-labelledby="downloads-title" className="library-section">
          <h2 id="downloads-title" className="section-title">
            {t('downloads.title')}
          </h2>
          <ul className="download-list">
            {downloads.map((item) => (
              <DownloadRow key={item.id} item={item} />
            ))}
          </ul>
        </section>
      )}
      {snapshot && snapshot.installed.length > 0 && (
        <section aria-labelledby="installed-title" className="library-section">
          <h2 id="installed-title" className="section-title">
            {t('library.installed')}
          </h2>
          <InstalledList installed={snapshot.installed} />
        </section>
      )}
      {empty && (
        <EmptyState
          icon="library"
          title={t('library.empty.title')}
          body={t('library.empty.body')}
          action={
            <button type="button" className="button button--primary" onClick={() => navigate('models')}>
              {t('library.empty.action')}
            </button>
          }
        />
      )}
      {importing && (
        <PathDialog
          title={t('library.import.title')}
          body={fileDialog ? `${t('library.import.body')} ${t('library.import.drop')}` : t('library.import.body')}
          label={t('library.import.path')}
          action={t('library.import.action')}
          working={t('library.import.working')}
          submit={(path) => withProgress(() => call('library:import', { path, move }))}
          stop={() => call('library:cancel-import', {})}
          progress={<ProgressBar />}
          onClose={() => {
            setDialog(null)
            useLibrary.setState({ dropped: null })
          }}
          // A later drop starts the dialog afresh with its own path.
          key={droppedPath ?? ''}
          initialPath={droppedPath ?? ''}
          {...(fileDialog && { browse: async () => (await call('library:pick-file', {})).path })}
          extra={
            <fieldset className="choice-group">
              <label>
                <input type="radio" name="import-mode" checked={!move} onChange={() => setMove(false)} /> {t('library.import.copy')}
              </label>
              <label>
                <input type="radio" name="import-mode" checked={move} onChange={() => setMove(true)} /> {t('library.import.move')}
              </label>
            </fieldset>
          }
        />
      )}
      {dialog === 'move' && (
        <PathDialog
          title={t('library.moveFolder.title')}
          body={t('library.moveFolder.body')}
          label={t('library.moveFolder.path')}
          action={t('library.moveFolder.action')}
          working={t('library.moveFolder.working')}
          submit={(folder) => withProgress(() => call('library:move', { folder }))}
          whyItWaits={t('library.moveFolder.waits')}
          progress={<ProgressBar />}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  )
}

function FolderSummary({ snapshot, onMove }: { snapshot: LibrarySnapshot; onMove: () => void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale()
  const size = (bytes: number): string => formatBytes(bytes, locale)
  const facts = [
    t('library.usage', { installed: size(snapshot.installedBytes) }),
    snapshot.partialBytes > 0 ? t('library.partial', { partial: size(snapshot.partialBytes) }) : null,
    snapshot.freeBytes !== null ? t('library.free', { free: size(snapshot.freeBytes), volume: snapshot.volume ?? '' }) : null
  ].filter(Boolean)
  return (
    <div className="folder-summary">
      <Icon name="folder" />
      <div className="folder-summary__text">
        <span className="folder-summary__label">{t('library.folder')}</span>
        <code className="folder-summary__path">{snapshot.folder}</code>
        <span className="folder-summary__facts">{facts.join(' · ')}</span>
      </div>
      <button type="button" className="button button--small" onClick={onMove}>
        {t('library.move')}
      </button>
    </div>
  )
}

/** Runs an import or a move with the progress its dialog shows cleared before and after. */
async function withProgress<T>(run: () => Promise<T>): Promise<T> {
  useLibrary.setState({ progress: null })
  try {
    return await run()
  } finally {
    useLibrary.setState({ progress: null })
  }
}

/** The step, the file and the share of it done, as the backend tells it (`library:progress`). */
function ProgressBar(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale()
  const progress = useLibrary((state) => state.progress)
  if (!progress) return null
  const percent = progress.totalBytes > 0 ? Math.floor((progress.doneBytes / progress.totalBytes) * 100) : 100
  const step = t(`library.progress.step.${progress.step}`)
  const of = { step, part: progress.part, parts: progress.parts, file: progress.source }
  const label = progress.task === 'move' ? t('library.progress.file', of) : progress.parts > 1 ? t('library.progress.part', of) : step
  return (
    <div className="file-progress" role="status">
      <div className="file-progress__text">
        <span>{label}</span>
        <span className="muted">{t('library.progress.bytes', { percent, done: formatBytes(progress.doneBytes, locale), total: formatBytes(progress.totalBytes, locale) })}</span>
      </div>
      {/* A bar of its own for each step and file, so that a new step starts empty rather than sliding back from full. */}
      <div key={`${progress.step}-${progress.part}`} className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={step}>
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
