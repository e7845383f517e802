import { defineMessages } from '../../i18n/define'

export default defineMessages({
  en: {
    'settings.title': 'Settings',
    'settings.language': 'Language',
    'settings.language.system': 'Same as the system',
    'settings.theme': 'Theme',
    'settings.theme.system': 'Same as the system',
    'settings.theme.light': 'Light',
    'settings.theme.dark': 'Dark',
    'settings.dataDir': 'Data folder',
    'settings.dataDirHint': 'Models, chats and settings live here. Set EXAONE_DESKTOP_HOME to use another folder.',
    'settings.version': 'Version',
  },
  ko: {
    'settings.title': '설정',
    'settings.language': '언어',
    'settings.language.system': '시스템 설정과 같게',
    'settings.theme': '테마',
    'settings.theme.system': '시스템 설정과 같게',
    'settings.theme.light': '밝게',
    'settings.theme.dark': '어둡게',
    'settings.dataDir': '데이터 폴더',
    'settings.dataDirHint': '모델, 채팅, 설정이 여기에 저장됩니다. 다른 폴더를 쓰려면 EXAONE_DESKTOP_HOME을 설정하세요.',
    'settings.version': '버전',
  }
})
