import { z } from 'zod'

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof WindowState>

interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Where to reopen the window: the remembered place when it is still mostly on a screen (a monitor may have been
 * unplugged since), otherwise the default size centred by the OS.
 */
export function restoredBounds(saved: WindowState | null, workAreas: Rectangle[]): Partial<Rectangle> {
  if (!saved) return {}
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x)
    const overlapY = Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y)
    return overlapX >= Math.min(200, saved.width / 2) && overlapY >= Math.min(100, saved.height / 2)
  })
  if (!visible) return { width: saved.width, height: saved.height }
  return { x: saved.x, y: saved.y, width: saved.width, height: saved.height }
}
