import { defineMessages } from '../../i18n/define'

export default defineMessages({
  en: {
    'models.title': 'Models',
    'models.empty.title': 'The EXAONE catalog',
    'models.empty.body': 'Every official EXAONE model, by precision, with advice computed for this machine.',
  },
  ko: {
    'models.title': '모델',
    'models.empty.title': 'EXAONE 모델 목록',
    'models.empty.body': '공식 EXAONE 모델을 정밀도별로, 이 컴퓨터에 맞춰 계산한 조언과 함께 보여 줍니다.',
  }
})
