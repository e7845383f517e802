/**
 * Dropping a file on the window: the page never gets a file's path, so the preload reads it (webUtils, Electron
 * 32+) and hands it to main, which checks it and tells the page (`library:dropped`). Without this, Electron would
 * navigate to the dropped file; the navigation guard would refuse that, but the drop would be lost.
 */

/** What the preload uses of the DOM, so it type-checks (and is tested) without a browser. */
export interface DropEvent {
  preventDefault(): void
  dataTransfer?: { files: ArrayLike<unknown> } | null
}
export interface DropTarget {
  addEventListener(type: 'dragover' | 'drop', listener: (event: DropEvent) => void): void
}

export function forwardDroppedFiles(target: DropTarget, pathOf: (file: unknown) => string, send: (path: string) => void): void {
  target.addEventListener('dragover', (event) => event.preventDefault())
  target.addEventListener('drop', (event) => {
    event.preventDefault()
    const file = event.dataTransfer?.files[0]
    // Only the first file: one import at a time. A dragged text or link has no file, and no path.
    if (file !== undefined) send(pathOf(file))
  })
}
