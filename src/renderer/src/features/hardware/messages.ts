import { defineMessages } from '../../i18n/define'

export default defineMessages({
  en: {
    'hardware.title': 'Hardware',
    'hardware.loading': 'Looking at this machine…',
    'hardware.cpu': 'Processor',
    'hardware.cpuDetail': '{cores} cores · {threads} threads',
    'hardware.ram': 'Memory',
    'hardware.ramDetail': '{available} available of {total}',
    'hardware.gpu': 'Graphics',
    'hardware.noGpu': 'No GPU found: models run on the CPU',
    'hardware.disk': 'Disk (models folder)',
    'hardware.diskDetail': '{free} free of {total}',
    'hardware.os': 'System',
    'hardware.refresh': 'Probe again',
  },
  ko: {
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
  }
})
