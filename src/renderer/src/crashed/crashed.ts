/**
 * The page Electron main shows when the window's page keeps crashing (src/main/lifecycle.ts): what happened,
 * Reload, and Copy details for a bug report. Plain DOM, no React and no bridge, so that as little as possible
 * can fail here.
 */
import { preferencesOnPage } from '../../../shared/page-preferences'
import { defineMessages } from '../i18n/define'
import { resolveLocale } from '../i18n/locale'

const messages = defineMessages({
  en: {
    title: 'The window keeps stopping',
    body: 'The page inside the window crashed several times in a row, so it was not restarted again. Your conversations, downloads and the model are in other processes and are kept. Reload to try again; if it happens again, copy the details into a bug report.',
    reload: 'Reload',
    copy: 'Copy details',
    copied: 'Copied.',
    copyFailed: 'Could not copy: select the text above instead.'
  },
  ko: {
    title: '창이 계속 멈춥니다',
    body: '창 안의 페이지가 연속으로 여러 번 멈춰서 다시 시작하지 않았습니다. 대화, 다운로드와 모델은 다른 프로세스에 있어 그대로 남아 있습니다. 다시 시도하려면 새로 고침을 누르세요. 또 멈추면 자세한 내용을 복사해 버그 보고에 붙여 주세요.',
    reload: '새로 고침',
    copy: '자세한 내용 복사',
    copied: '복사했습니다.',
    copyFailed: '복사하지 못했습니다. 위의 글을 직접 선택해 주세요.'
  }
})

// The language the user chose, which the page's servers write on <html> as they do on the app's page; else the system's.
const locale = resolveLocale(preferencesOnPage(document.documentElement).locale, navigator.languages)
const text = messages[locale]
const details = new URLSearchParams(location.search).get('details') ?? ''
const element = (id: string): HTMLElement => document.getElementById(id) as HTMLElement

document.documentElement.lang = locale
document.title = `EXAONE Desktop: ${text.title}`
element('title').textContent = text.title
element('body').textContent = text.body
element('details').textContent = details
element('reload').textContent = text.reload
element('copy').textContent = text.copy
element('reload').addEventListener('click', () => location.replace(new URL('index.html', location.href).href))
element('copy').addEventListener('click', () => {
  navigator.clipboard.writeText(details).then(
    () => (element('copied').textContent = text.copied),
    () => (element('copied').textContent = text.copyFailed)
  )
})
