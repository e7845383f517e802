import { useState } from 'react'
import { useT } from '../i18n'
import { navigate, pages, usePage } from '../stores/navigation'
import { Icon } from './Icon'

export function Sidebar(): React.JSX.Element {
  const t = useT()
  const page = usePage()
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem('sidebar-collapsed') === '1')
  const toggle = (): void => {
    localStorage.setItem('sidebar-collapsed', collapsed ? '0' : '1')
    setCollapsed(!collapsed)
  }
  return (
    <nav className={`sidebar${collapsed ? ' sidebar--collapsed' : ''}`} aria-label={t('nav.main')}>
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
