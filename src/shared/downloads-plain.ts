/** What the window shows of a download without loading zod (downloads.ts has the schemas). */
import type { DownloadItem } from './downloads'

/** How far along, in whole percent rounded down, so nothing reads 100% before the last byte (0 until the size is known). */
export function percentDone({ receivedBytes, totalBytes }: Pick<DownloadItem, 'receivedBytes' | 'totalBytes'>): number {
  return totalBytes ? Math.min(100, Math.floor((receivedBytes / totalBytes) * 100)) : 0
}
