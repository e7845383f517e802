export const en = {
  'app.name': 'EXAONE Desktop',
  'nav.chat': 'Chat',
  'nav.models': 'Models',
  'nav.library': 'Library',
  'nav.hardware': 'Hardware',
  'nav.settings': 'Settings',
  'nav.collapse': 'Collapse sidebar',
  'nav.expand': 'Expand sidebar',
  'nav.main': 'Main',

  'status.noModel': 'No model loaded',
  'status.ram': 'RAM',
  'status.ramFree': '{free} free of {total}',
  'status.noDownloads': 'No downloads',
  'status.disconnected': 'Reconnecting to the backend…',

  'meter.ok': 'OK',
  'meter.high': 'High',
  'meter.critical': 'Nearly full',

  'chat.title': 'Chat',
  'chat.empty.title': 'No model installed yet',
  'chat.empty.body': 'EXAONE runs entirely on this computer. Pick a model that fits your machine to start chatting, with nothing sent to the cloud.',
  'chat.empty.action': 'Choose a model',

  'models.title': 'Models',
  'models.empty.title': 'The EXAONE catalog',
  'models.empty.body': 'Every official EXAONE model, by precision, with advice computed for this machine.',

  'library.title': 'Library',
  'library.empty.title': 'Nothing downloaded yet',
  'library.empty.body': 'Downloaded models and their files appear here, verified by checksum.',
  'library.empty.action': 'Browse models',

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

  'error.title': 'Something went wrong',
  'error.retry': 'Try again',
  'error.copyDetails': 'Copy details'
} as const

export type MessageKey = keyof typeof en
