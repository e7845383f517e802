import { defineMessages } from '../../i18n/define'

export default defineMessages({
  en: {
    'chat.title': 'Chat',
    'chat.empty.title': 'No model installed yet',
    'chat.empty.body': 'EXAONE runs entirely on this computer. Pick a model that fits your machine to start chatting, with nothing sent to the cloud.',
    'chat.empty.action': 'Choose a model',
  },
  ko: {
    'chat.title': '채팅',
    'chat.empty.title': '아직 설치된 모델이 없습니다',
    'chat.empty.body': 'EXAONE은 이 컴퓨터에서만 실행됩니다. 클라우드로 아무것도 보내지 않고 대화하려면 이 컴퓨터에 맞는 모델을 고르세요.',
    'chat.empty.action': '모델 고르기',
  }
})
