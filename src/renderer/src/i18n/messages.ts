import apiServer from '../features/settings/api-server-messages'
import chat from '../features/chat/messages'
import downloads from '../features/downloads/messages'
import engines from '../features/engines/messages'
import hardware from '../features/hardware/messages'
import library from '../features/library/messages'
import models from '../features/models/messages'
import settings from '../features/settings/messages'
import common from './common'
import errors from './errors'

const all = [common, errors, chat, models, library, downloads, hardware, settings, apiServer, engines] as const

type Keys<T> = T extends { en: Record<infer K, string> } ? K : never
export type MessageKey = Keys<(typeof all)[number]>

const merge = (language: 'en' | 'ko'): Record<MessageKey, string> => Object.assign({}, ...all.map((messages) => messages[language]))

export const catalogs = { en: merge('en'), ko: merge('ko') }
