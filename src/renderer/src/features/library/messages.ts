import { defineMessages } from '../../i18n/define'

export default defineMessages({
  en: {
    'library.title': 'Library',
    'library.empty.title': 'Nothing downloaded yet',
    'library.empty.body': 'Downloaded models and their files appear here, verified by checksum.',
    'library.empty.action': 'Browse models',
  },
  ko: {
    'library.title': '라이브러리',
    'library.empty.title': '아직 다운로드한 모델이 없습니다',
    'library.empty.body': '다운로드한 모델과 파일이 체크섬 검증을 거쳐 여기에 표시됩니다.',
    'library.empty.action': '모델 둘러보기',
  }
})
