import type { MessageKey } from './en'

export const ko: Record<MessageKey, string> = {
  'app.name': 'EXAONE Desktop',
  'nav.chat': '채팅',
  'nav.models': '모델',
  'nav.library': '라이브러리',
  'nav.hardware': '하드웨어',
  'nav.settings': '설정',
  'nav.collapse': '사이드바 접기',
  'nav.expand': '사이드바 펼치기',
  'nav.main': '주 메뉴',

  'status.noModel': '불러온 모델 없음',
  'status.ram': '메모리',
  'status.ramFree': '{total} 중 {free} 사용 가능',
  'status.noDownloads': '다운로드 없음',
  'status.disconnected': '백엔드에 다시 연결하는 중…',

  'meter.ok': '여유',
  'meter.high': '높음',
  'meter.critical': '거의 가득',

  'chat.title': '채팅',
  'chat.empty.title': '아직 설치된 모델이 없습니다',
  'chat.empty.body': 'EXAONE은 이 컴퓨터에서만 실행됩니다. 클라우드로 아무것도 보내지 않고 대화하려면 이 컴퓨터에 맞는 모델을 고르세요.',
  'chat.empty.action': '모델 고르기',

  'models.title': '모델',
  'models.empty.title': 'EXAONE 모델 목록',
  'models.empty.body': '공식 EXAONE 모델을 정밀도별로, 이 컴퓨터에 맞춰 계산한 조언과 함께 보여 줍니다.',

  'library.title': '라이브러리',
  'library.empty.title': '아직 다운로드한 모델이 없습니다',
  'library.empty.body': '다운로드한 모델과 파일이 체크섬 검증을 거쳐 여기에 표시됩니다.',
  'library.empty.action': '모델 둘러보기',

  'hardware.title': '하드웨어',
  'hardware.loading': '이 컴퓨터를 살펴보는 중…',
  'hardware.cpu': '프로세서',
  'hardware.cpuDetail': '{cores}코어 · {threads}스레드',
  'hardware.ram': '메모리',
  'hardware.ramDetail': '{total} 중 {available} 사용 가능',
  'hardware.gpu': '그래픽',
  'hardware.noGpu': 'GPU를 찾지 못했습니다: 모델은 CPU에서 실행됩니다',
  'hardware.disk': '디스크 (모델 폴더)',
  'hardware.diskDetail': '{total} 중 {free} 남음',
  'hardware.os': '시스템',
  'hardware.refresh': '다시 검사',

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

  'error.title': '문제가 생겼습니다',
  'error.retry': '다시 시도',
  'error.copyDetails': '자세한 내용 복사'
}
