import type { Handlers } from '../../dispatcher'
import type { LibraryService } from './library-service'

type LibraryRequest = 'library:list' | 'library:delete' | 'library:show' | 'library:import' | 'library:cancel-import' | 'library:verify' | 'library:move'

export function libraryHandlers(library: LibraryService): Pick<Handlers, LibraryRequest> {
  return {
    'library:list': () => library.snapshot(),
    'library:delete': (key) => library.delete(key),
    'library:show': (key) => library.show(key),
    'library:import': ({ path, move }) => library.import(path, move ?? false),
    'library:cancel-import': () => ({ stopped: library.cancelImports() }),
    'library:verify': (key) => library.verify(key),
    'library:move': ({ folder }) => library.move(folder)
  }
}
