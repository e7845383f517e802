import { useT } from '../i18n'
import { navigate, pages, usePage } from '../stores/navigation'
import { useSettings } from '../stores/settings'
import { Icon } from './Icon'

/** Its width follows <html data-sidebar> (App.tsx), which the page's server sets too, for the frame before scripts. */
export function Sidebar(): React.JSX.Element {
  const t = useT()
  const page = usePage()
  const collapsed = useSettings((state) => state.settings.sidebar) === 'collapsed'
  // A setting, not this window's memory: the next start, and the page's server, paint it the same. It moves at once; a
  // save that fails (a full disk) only means the next start opens it as it was.
  const toggle = (): void => {
    const sidebar = collapsed ? 'expanded' : 'collapsed'
    useSettings.setState(({ settings }) => ({ settings: { ...settings, sidebar } }))
    void useSettings.getState().update({ sidebar }).catch(() => undefined)
  }
  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          <Icon name="spark" size={18} />
        </span>
        {!collapsed && <span className="sidebar__title">{t('app.name')}</span>}
      </div>
      <ul className="sidebar__list">
        {pages.map((name) => (
          <li key={name}>
            <a
              href={`#/${name}`}
              className="sidebar__item"
              aria-current={page === name ? 'page' : undefined}
              title={collapsed ? t(`nav.${name}`) : undefined}
              onClick={(event) => {
                event.preventDefault()
                navigate(name)
              }}
            >
              <Icon name={name} />
              <span className={collapsed ? 'visually-hidden' : undefined}>{t(`nav.${name}`)}</span>
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="sidebar__toggle" onClick={toggle} aria-label={t(collapsed ? 'nav.expand' : 'nav.collapse')} title={t(collapsed ? 'nav.expand' : 'nav.collapse')}>
        <Icon name={collapsed ? 'expand' : 'collapse'} size={18} />
      </button>
    </nav>
  )
}
